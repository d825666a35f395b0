/** restJson1 (SageMaker Runtime): errors as `x-amzn-ErrorType` plus a JSON body with `message` and extra members. */
import type { ServiceError } from "../errors";
import type { Reply } from "../http";

export function restJsonErrorReply(error: ServiceError, requestId: string): Reply {
  return {
    status: error.status,
    headers: { "content-type": "application/json", "x-amzn-errortype": error.code, "x-amzn-requestid": requestId },
    body: JSON.stringify({ message: error.message, ...error.details }),
  };
}
