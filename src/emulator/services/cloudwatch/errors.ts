/** CloudWatch's query-protocol error codes (also sent, query-compatible, by its JSON protocol). */
import { ServiceError } from "../../errors";
import { Validator, reportAs } from "../validation";

export const cwErrors = {
  missingParameter: (name: string) => new ServiceError("MissingParameter", `The parameter ${name} is required.`, 400),
  invalidParameterValue: (message: string) => new ServiceError("InvalidParameterValue", message, 400),
  invalidParameterCombination: (message: string) => new ServiceError("InvalidParameterCombination", message, 400),
  validationError: (message: string) => new ServiceError("ValidationError", message, 400),
  invalidValue: (name: string) => (value: unknown) =>
    new ServiceError("InvalidParameterValue", `The value ${String(value)} for parameter ${name} is invalid.`, 400),
  // Wordings of the three below are inferred; the codes are the API model's.
  resourceNotFound: (alarmName: string) =>
    new ServiceError("ResourceNotFound", `Alarm ${alarmName} does not exist.`, 404),
  invalidNextToken: () => new ServiceError("InvalidNextToken", "The NextToken is invalid.", 400),
  invalidFormat: (message: string) => new ServiceError("InvalidFormat", message, 400),
};

/** A Validator whose failures (API-model constraints) CloudWatch answers as one ValidationError. */
export const cloudWatchValidator = () => new Validator(reportAs(cwErrors.validationError));
