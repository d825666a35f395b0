/**
 * The one error type of the emulator. Services throw it; each protocol knows how to write it
 * (JSON body + x-amzn-ErrorType, S3 <Error>, query <ErrorResponse>), so an AWS error is
 * defined once, not once per wire format.
 */
export type Fault = "Sender" | "Receiver";

export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: Fault = status >= 500 ? "Receiver" : "Sender",
    /** Extra members AWS puts next to code and message (S3 <Key>, ModelError's OriginalStatusCode…). */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

/**
 * A failure no service foresaw (a bug, ENOSPC…), answered as AWS answers one: no internal detail
 * such as a state-dir path, only the error's code (ENOENT, ENOSPC) when it has one.
 */
export function internalFailure(e: unknown): ServiceError {
  const code = (e as { code?: unknown } | undefined)?.code;
  const suffix = typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : "";
  return new ServiceError(
    "InternalFailure",
    `The request processing has failed because of an unknown error, exception or failure.${suffix}`,
    500,
  );
}

/** What a protocol writes for anything a handler threw: a ServiceError as it is, anything else as InternalFailure. */
export function asServiceError(e: unknown): ServiceError {
  return isServiceError(e) ? e : internalFailure(e);
}
