/** SageMaker Runtime's errors: constraint and lookup failures are ValidationError (not the control plane's ValidationException). */
import { ServiceError } from "../../errors";
import { Validator, reportAs } from "../validation";

export const validationError = (message: string) => new ServiceError("ValidationError", message, 400);

/** A Validator whose failures the Runtime answers as one ValidationError (same message as the control plane's). */
export const runtimeValidator = () => new Validator(reportAs(validationError));
