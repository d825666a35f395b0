/** Defaults a user sees in the README: port, region, account and the local key pair. */
import type { Credentials } from "./auth/sigv4";

/**
 * 4599: next to LocalStack's 4566 but outside the ports it uses (4566, 4510–4559), so both can run
 * side by side, and clear of the usual dev-server ports (3000, 5000, 8000, 8080, 8888, 9090).
 */
export const DEFAULT_PORT = 4599;
export const DEFAULT_REGION = "us-east-1";
/** Every ARN the emulator makes uses this account (LocalStack's too, so ARNs look familiar). */
export const ACCOUNT_ID = "000000000000";
/** The documented local key pair: it only opens this emulator, and is accepted unless replaced. */
export const DEFAULT_CREDENTIALS: Credentials = {
  accessKeyId: "AKIAEMULATORLOCAL000",
  secretAccessKey: "emulator-local-secret",
};
/**
 * How long InvokeEndpoint waits for a container's answer: SageMaker's 60 seconds ("The timeout for
 * the container to respond to inference requests to /invocations is 1 minute").
 */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 60_000;
/**
 * Largest request body read into memory. S3 uploads are not read into memory (they stream to
 * disk, body-spool.ts); every other body is a small document: S3's XML bodies at most 7,000 KiB,
 * InvokeEndpoint's payload 6 MB, the JSON and query APIs' requests far less.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Request bodies held in memory at once, by all requests together: more wait for their turn. */
export const BODY_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * Time between the end of an invocation-metrics interval and its datapoints reaching CloudWatch.
 * AWS documents no figure; 2 s is enough that a client reading CloudWatch as an interval closes
 * finds it not yet final (as on AWS, where counts arrive after the interval), and small next to
 * the shortest interval (10 s) so a 10-second alarm still decides within one period plus 2 s and
 * the notebook's fast profile stays fast.
 */
export const DEFAULT_PUBLICATION_DELAY_MS = 2000;
/**
 * Largest body held before its signature is checked: outside S3 the signature covers the body's
 * hash, so the body must be read first. Above the largest request those services take
 * (InvokeEndpoint's 6 MB payload), far below MAX_BODY_BYTES.
 */
export const MAX_UNVERIFIED_BODY_BYTES = 8 * 1024 * 1024;
