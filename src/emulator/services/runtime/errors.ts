/** SageMaker Runtime's errors: constraint and lookup failures are ValidationError (not the control plane's ValidationException). */
import { ServiceError } from "../../errors";
import { Validator, reportAs } from "../validation";

export const validationError = (message: string) => new ServiceError("ValidationError", message, 400);

/** A Validator whose failures the Runtime answers as one ValidationError (same message as the control plane's). */
export const runtimeValidator = () => new Validator(reportAs(validationError));

/**
 * An instance still loading its model answers no health check, so the Runtime has nowhere to send
 * the request. The code and status are AWS's for a model not loaded yet; the wording is inferred.
 */
export const modelNotReady = (endpoint: string, variant: string) =>
  new ServiceError(
    "ModelNotReadyException",
    `The model of production variant ${variant} of endpoint ${endpoint} is still loading on its instances. Wait and try your request again.`,
    429,
  );
