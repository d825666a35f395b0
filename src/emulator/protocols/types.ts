/** What a protocol needs from a request and gives back, independent of any one service. */
import type { StagedBody } from "../body-spool";
import type { ServiceError } from "../errors";
import type { Incoming, Reply } from "../http";

export interface RequestContext {
  requestId: string;
  /** Region of the request's SigV4 scope. */
  region: string;
  /** Payload with aws-chunked framing removed. */
  body: Buffer;
  /** Trailing headers of an aws-chunked upload. */
  trailers: Record<string, string>;
  /** The body streamed to disk instead (`body` then empty): for the operations whose service asks (body-spool.ts). */
  staged?: StagedBody;
}

/** One operation's behaviour: decoded input in, output out, ServiceError thrown. Protocols only pass
 * the decoded value through; each operation declares its own input type (services/operations.ts). */
export type Operation = (input: unknown, ctx: RequestContext) => unknown;
export type Operations = Record<string, Operation>;

/** The outcome of one request, as the server logs and writes it. */
export interface Exchange {
  operation: string;
  resource?: string;
  reply: Reply;
  error?: ServiceError;
}

export type ProtocolHandler = (req: Incoming, ctx: RequestContext) => Promise<Exchange>;

/** One operation table served in one wire format. */
export interface Protocol {
  handle: ProtocolHandler;
  /** Writes an error raised before the handler ran (authentication, an unreadable body) in this format. */
  errorReply(error: ServiceError, req: Incoming, requestId: string): Reply;
}

/** The resource a request is about, for the request log (first name-like member of the input). */
export function resourceOf(input: unknown): string | undefined {
  if (!input || typeof input !== "object") return undefined;
  const record = input as Record<string, unknown>;
  for (const key of [
    "EndpointName",
    "EndpointConfigName",
    "ModelName",
    "ResourceArn",
    "AlarmName",
    "MetricName",
    "Bucket",
  ]) {
    const value = record[key];
    if (typeof value === "string") return value;
  }
  return undefined;
}
