/**
 * Errors a learner can act on. tslab prints an error's stack under the cell,
 * so a NotebookError's stack is its one- or two-line message; `explained`
 * turns the SDK's and Node's errors into such messages, each naming the next step.
 */
import { inspect } from "node:util";

/** An error a learner can act on: its one- or two-line message says what went wrong and the next step. */
export class NotebookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookError";
    this.stack = `❌ ${message}`;
  }

  /** tslab prints a failed cell's error with util.inspect, which would bracket a stack without frames. */
  [inspect.custom](): string {
    return this.stack ?? this.message;
  }
}

/** S3's "no such bucket / key" in any of the forms the SDK reports it. */
export function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    err.name === "NotFound" ||
    err.name === "NoSuchKey" ||
    err.name === "NoSuchBucket" ||
    err.$metadata?.httpStatusCode === 404
  );
}

/** SageMaker's "not found" for Describe* is a ValidationException whose message says so. */
export function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err.name === "ValidationException" && /Could not find/.test(err.message ?? "");
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const SIGNATURE_ERRORS = new Set([
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "IncompleteSignatureException",
  "ExpiredTokenException",
]);

function connectionCode(e: AwsLikeError): string | undefined {
  const codes = [e.code, (e.cause as AwsLikeError | undefined)?.code];
  return codes.find((c) => c === "ECONNREFUSED" || c === "ECONNRESET" || c === "EPIPE");
}

/** Where the clients send requests, for messages: the emulator's URL or "aws". */
export interface ErrorContext {
  endpoint: string;
}

/** The error as a NotebookError with a next step; errors it does not know pass through unchanged. */
export function explained(e: unknown, context: ErrorContext): unknown {
  if (e instanceof NotebookError || typeof e !== "object" || e === null) return e;
  const err = e as AwsLikeError;
  const local = context.endpoint !== "aws";
  const connection = connectionCode(err);
  if (connection && local) {
    return new NotebookError(
      `The local emulator at ${context.endpoint} is not running (${connection}): rerun this task's first cell.`,
    );
  }
  if (connection)
    return new NotebookError(
      `AWS could not be reached (${connection}): check the network and AWS_REGION, then rerun the cell.`,
    );
  if (err.name === "CredentialsProviderError") {
    return new NotebookError(
      `No AWS credentials found (${err.message ?? ""}). Configure the standard chain – \`aws configure\`, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY – then rerun this task's first cell.`,
    );
  }
  if (err.name && SIGNATURE_ERRORS.has(err.name)) {
    return new NotebookError(
      local
        ? `The emulator refused the request's signature (${err.name}: ${err.message ?? ""}): rerun this task's first cell, which signs with the emulator's key pair.`
        : `AWS refused the credentials (${err.name}: ${err.message ?? ""}): check AWS_PROFILE or the access keys, and the system clock.`,
    );
  }
  if (err.name === "ValidationException" && /Could not find/.test(err.message ?? "")) {
    return new NotebookError(`${err.message ?? ""} Run the cell that creates it first (its task's earlier cells).`);
  }
  if (err.name && err.$metadata) {
    // Any other AWS error: its code and message are the lesson (e.g. a refused DeploymentConfig value).
    return new NotebookError(`${err.name}: ${err.message ?? ""}`);
  }
  return e;
}

/** Runs a helper's work, turning the errors a learner can act on into one- or two-line messages. */
export async function withNextStep<T>(session: { clients: ErrorContext }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw explained(e, session.clients);
  }
}
