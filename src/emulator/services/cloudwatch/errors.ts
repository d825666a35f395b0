/** CloudWatch's query-protocol error codes (also sent, query-compatible, by its JSON protocol). */
import { ServiceError } from "../../errors";

export const cwErrors = {
  missingParameter: (name: string) => new ServiceError("MissingParameter", `The parameter ${name} is required.`, 400),
  invalidParameterValue: (message: string) => new ServiceError("InvalidParameterValue", message, 400),
  invalidParameterCombination: (message: string) => new ServiceError("InvalidParameterCombination", message, 400),
  invalidValue: (name: string) => (value: unknown) => new ServiceError("InvalidParameterValue", `The value ${String(value)} for parameter ${name} is invalid.`, 400),
};
