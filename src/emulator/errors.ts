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
