/**
 * A state directory without space (ENOSPC, EDQUOT) is the one failure a user can fix and retry,
 * so it is answered as the service's own "temporarily unavailable" error (503, which SDKs retry)
 * naming the cause, rather than as an opaque InternalFailure. Writes that failed leave nothing
 * behind (store/files.ts, metric-log.ts), so the retry is counted once.
 */
import { ServiceError } from "../errors";
import type { Operations } from "../protocols/types";

const FULL = new Set(["ENOSPC", "EDQUOT"]);

export const isDiskFull = (e: unknown): boolean => FULL.has(String((e as { code?: unknown } | undefined)?.code));

/** The cause, appended to the service's own message; no path of the state directory. */
const CAUSE = "(ENOSPC: the emulator's state directory has no space left; nothing of this request was kept)";

/** S3's ServiceUnavailable ("Service is unable to handle request."). */
export const s3DiskFull = () =>
  new ServiceError("ServiceUnavailable", `Service is unable to handle request. ${CAUSE}`, 503);

/** The common error of the JSON and query APIs (SageMaker, CloudWatch). */
export const apiDiskFull = () =>
  new ServiceError(
    "ServiceUnavailable",
    `The request has failed due to a temporary failure of the server. ${CAUSE}`,
    503,
  );

/** The table with every operation's disk-full failure answered as `error()`. */
export function answeringDiskFull(operations: Operations, error: () => ServiceError): Operations {
  const out: Operations = Object.create(null) as Operations;
  for (const [name, op] of Object.entries(operations)) {
    out[name] = async (input, ctx) => {
      try {
        return await op(input, ctx);
      } catch (e) {
        throw isDiskFull(e) ? error() : e;
      }
    };
  }
  return out;
}
