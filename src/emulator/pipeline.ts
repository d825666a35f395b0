/**
 * The HTTP pipeline, one request through named stages: route (which service, routing.ts) →
 * guard (requests a web page could send, auth/web-guard.ts) → SigV4 (as far as the head allows,
 * auth/sigv4.ts) → body (read within the limit the signature's state allows) → protocol (the
 * service's wire format and behaviour). Each stage either passes the request on or answers it in
 * the service's error format; the server writes and logs the outcome.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AuthError, type SignatureCheck, type SigV4Verifier } from "./auth/sigv4";
import { discardStaged, spoolBody, type SpoolRequest, type Spooled } from "./body-spool";
import { authServiceError } from "./auth/errors";
import { webRefusal, webRefusalError } from "./auth/web-guard";
import { BODY_BUDGET_BYTES, MAX_BODY_BYTES, MAX_UNVERIFIED_BODY_BYTES } from "./config";
import { BodyBudget } from "./connection-limits";
import { ServiceError, internalFailure } from "./errors";
import { BodyError, readBody, readHead, type Incoming, type Reply } from "./http";
import { errorText, type Logger } from "./log";
import type { Exchange } from "./protocols/types";
import { SIGNING_SERVICE, serviceOf, type ServiceKey } from "./routing";
import type { ServiceBinding, Services } from "./services";

export interface PipelineOptions {
  services: Services;
  verifier: SigV4Verifier;
  /** The address the server listens on: a Host naming it is not refused as foreign. */
  host: string;
  logger: Logger;
  /** Headers added to every reply (the emulator's time: time-scale.ts). */
  replyHeaders?: () => Record<string, string>;
}

/** A request routed to its service: what the later stages need of it. */
interface Routed {
  msg: IncomingMessage;
  head: Incoming;
  key: ServiceKey;
  binding: ServiceBinding;
  requestId: string;
  errorReply(error: ServiceError): Reply;
}

const answer = (routed: Routed, operation: string, error: ServiceError): Exchange => ({
  operation,
  reply: routed.errorReply(error),
  error,
});

/** route: the service a request is for, and how its errors are written. */
function route(services: Services, msg: IncomingMessage, requestId: string): Routed {
  const head = readHead(msg);
  const key = serviceOf(head);
  const binding = services.bindings[key];
  return { msg, head, key, binding, requestId, errorReply: (error) => binding.errorReply(error, head, requestId) };
}

/** guard: a request a browser page could send is refused before anything else. */
function guard(routed: Routed, host: string): Exchange | undefined {
  const refused = webRefusal(routed.head, host);
  return refused ? answer(routed, "Refuse", webRefusalError(refused, routed.binding.authFamily)) : undefined;
}

/**
 * SigV4 → body → protocol: authenticates as far as the head allows, then reads the body – up to
 * MAX_BODY_BYTES once the signature is checked, up to MAX_UNVERIFIED_BODY_BYTES while it still
 * depends on the body –, finishes the check and hands the request to the service's protocol.
 */
async function authenticateAndServe(routed: Routed, verifier: SigV4Verifier, bodies: BodyBudget): Promise<Exchange> {
  const { msg, head, key, binding, requestId } = routed;
  let release = () => {};
  try {
    const check = await verifier.begin(head, SIGNING_SERVICE[key]);
    const spool = binding.spool?.(head);
    if (spool) return await spoolAndServe(routed, verifier, check, spool);
    const limit = Math.min(
      check.payloadHash === undefined ? MAX_UNVERIFIED_BODY_BYTES : MAX_BODY_BYTES,
      binding.bodyLimit?.(head) ?? Infinity,
    );
    // A body over the limit is refused from its head (readBody) without waiting for its turn.
    // Without Content-Length a body is chunked (up to the limit) or absent (nothing to hold).
    const length = head.headers["content-length"];
    const declared =
      length !== undefined ? Number(length) || 0 : head.headers["transfer-encoding"] !== undefined ? limit : 0;
    if (declared <= limit) release = await bodies.acquire(declared);
    const req = await readBody(msg, head, limit);
    const auth = await verifier.finish(check, req);
    return await binding.handle(req, { requestId, region: auth.region, body: auth.body, trailers: auth.trailers });
  } catch (e) {
    if (e instanceof BodyError) return answer(routed, "ReadRequest", new ServiceError(e.code, e.message, 400));
    if (!(e instanceof AuthError)) throw e;
    return answer(routed, "Authenticate", authServiceError(e, binding.authFamily));
  } finally {
    release();
  }
}

/**
 * body → protocol for a body the service wants on disk (S3 PutObject): streamed to a temp file,
 * so no memory is held for it whatever its size; the file is gone after the request either way.
 * A body not yet bound to its signature (no payload hash in the head) is taken only up to
 * MAX_UNVERIFIED_BODY_BYTES, as in memory.
 */
async function spoolAndServe(
  routed: Routed,
  verifier: SigV4Verifier,
  check: SignatureCheck,
  spool: SpoolRequest,
): Promise<Exchange> {
  const { msg, head, binding, requestId } = routed;
  const maxBytes =
    check.payloadHash === undefined ? Math.min(spool.maxBytes, MAX_UNVERIFIED_BODY_BYTES) : spool.maxBytes;
  let spooled: Spooled;
  try {
    spooled = await spoolBody(msg, head, verifier.payload(check, head), { ...spool, maxBytes });
  } catch (e) {
    const refusal = spool.refusal(e);
    if (refusal) return answer(routed, spool.operation, refusal);
    throw e;
  }
  try {
    const { trailers, body: staged } = spooled;
    return await binding.handle(head, { requestId, region: check.parts.region, body: head.body, trailers, staged });
  } finally {
    await discardStaged(spooled.body);
  }
}

/** A bug: still answered as an AWS InternalFailure, in the service's format when it is known. */
function internalFailureExchange(e: unknown, routed: Routed | undefined, logger: Logger, requestId: string): Exchange {
  const error = internalFailure(e);
  logger.info("internal failure", { requestId, error: errorText(e) });
  return {
    operation: "unknown",
    reply: routed?.errorReply(error) ?? { status: 500, headers: { "content-type": "text/plain" }, body: error.message },
    error,
  };
}

/** The server's request handler: the stages above, then the reply written and the request logged. */
export function requestPipeline({ services, verifier, host, logger, replyHeaders }: PipelineOptions) {
  const bodies = new BodyBudget(BODY_BUDGET_BYTES);
  return async (msg: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = randomUUID();
    let routed: Routed | undefined;
    let exchange: Exchange;
    try {
      routed = route(services, msg, requestId);
      exchange = guard(routed, host) ?? (await authenticateAndServe(routed, verifier, bodies));
    } catch (e) {
      exchange = internalFailureExchange(e, routed, logger, requestId);
    }
    // A request refused before its body was read: close the connection rather than read the body.
    if (!msg.complete && exchange.reply.status >= 400) exchange.reply.headers["connection"] = "close";
    write(res, exchange.reply, replyHeaders?.());
    logger.request({
      requestId,
      service: routed?.key ?? "unknown",
      operation: exchange.operation,
      resource: exchange.resource,
      status: exchange.reply.status,
      outcome: exchange.error?.code ?? "ok",
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
  };
}

/** Writes the reply with `extra` headers (the emulator's time), whether its body is in memory or streamed. */
function write(res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...reply.headers, ...extra };
  if (reply.body instanceof Readable) return writeStream(res, reply.status, headers, reply.body);
  const body =
    reply.body === undefined ? undefined : typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  if (!("content-length" in headers)) headers["content-length"] = String(body?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** A streamed body (its length already in the headers); a read that fails midway cuts the connection, as the length promised more. */
function writeStream(res: ServerResponse, status: number, headers: Record<string, string>, body: Readable): void {
  res.writeHead(status, headers);
  if (res.req.method === "HEAD") {
    body.destroy();
    res.end();
    return;
  }
  pipeline(body, res).catch(() => res.destroy());
}
