/**
 * The emulator's HTTP front: one listener on 127.0.0.1 for all four services. A request is read,
 * routed (routing.ts), authenticated (auth/sigv4.ts), handed to its service's protocol handler,
 * written and logged. `startEmulator` is the public in-process API; cli.ts wraps it.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthError, SigV4Verifier, type Credentials } from "./auth/sigv4";
import { authServiceError } from "./auth/errors";
import { isLoopbackName, webRefusal, webRefusalError } from "./auth/web-guard";
import { wallClock, type Clock } from "./clock";
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_INVOCATION_TIMEOUT_MS,
  DEFAULT_PORT,
  DEFAULT_PUBLICATION_DELAY_MS,
  DEFAULT_REGION,
  MAX_BODY_BYTES,
  MAX_UNVERIFIED_BODY_BYTES,
} from "./config";
import type { ContainerFactory } from "./containers/container";
import { ServiceError, internalFailure } from "./errors";
import { BodyError, readBody, readHead, type Incoming, type Reply } from "./http";
import { errorText, silentLogger, type Logger } from "./log";
import { SIGNING_SERVICE, serviceOf, type ServiceKey } from "./routing";
import { DEFAULT_ENDPOINT_QUOTAS, type EndpointQuotas } from "./services/sagemaker/quotas";
import { openServices, type Services } from "./services";
import { ensureDir } from "./store/files";
import { lockStateDir, type StateDirLock } from "./store/lock";
import type { Exchange } from "./protocols/types";
import type { Random } from "./random";
import { BodyBudget, connectionCap, limitConnections } from "./connection-limits";

export interface EmulatorOptions {
  /**
   * Address to listen on. Default 127.0.0.1: the emulator accepts the documented local key pair,
   * so anything else exposes it to the network – allowed, with a warning on stderr.
   */
  host?: string;
  /** TCP port; 0 picks a free one. Default 4599 (config.ts). */
  port?: number;
  /** Directory holding all state; created owner-only (0700) if missing. */
  stateDir: string;
  /** Accepted key pairs; default the documented local pair. */
  credentials?: Credentials[];
  region?: string;
  clock?: Clock;
  logger?: Logger;
  /** Time an endpoint spends Creating before its fleet starts (default 1500 ms). */
  provisioningDelayMs?: number;
  /** Source of the routing, shadow-copy and capture-sampling draws (default Math.random; tests seed it). */
  random?: Random;
  /** How long InvokeEndpoint waits for a container's answer before ModelError (default 60 000 ms, as on SageMaker). */
  invocationTimeoutMs?: number;
  /** Starts the algorithm containers (default the built-in ones); tests wrap them to simulate a container that crashes or hangs. */
  containers?: ContainerFactory;
  /**
   * Time between the end of an endpoint's invocation-metrics interval (60 s, or MetricsConfig's
   * enhanced frequency) and its datapoints reaching CloudWatch and alarms (default 2000 ms).
   */
  publicationDelayMs?: number;
  /** Account quotas on endpoint instances (default DEFAULT_ENDPOINT_QUOTAS: 50 per instance type, 100 across endpoints). */
  quotas?: Partial<EndpointQuotas>;
}

export interface RunningEmulator {
  url: string;
  region: string;
  credentials: Credentials[];
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? DEFAULT_REGION;
  const credentials = options.credentials ?? [DEFAULT_CREDENTIALS];
  const clock = options.clock ?? wallClock;
  const logger = options.logger ?? silentLogger;
  // The owner lock comes before anything in the directory is read or swept (store/lock.ts).
  await ensureDir(options.stateDir);
  const lock = await lockStateDir(options.stateDir);
  let services: Services | undefined;
  try {
    services = await openServices({
      stateDir: options.stateDir,
      region,
      clock,
      provisioningDelayMs: options.provisioningDelayMs ?? 1500,
      logger,
      random: options.random ?? Math.random,
      invocationTimeoutMs: options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
      containers: options.containers,
      publicationDelayMs: options.publicationDelayMs ?? DEFAULT_PUBLICATION_DELAY_MS,
      quotas: { ...DEFAULT_ENDPOINT_QUOTAS, ...options.quotas },
    });
    return await listen(options, services, lock, { host, region, credentials, logger });
  } catch (e) {
    await services?.close();
    await lock.release();
    throw e;
  }
}

interface Resolved {
  host: string;
  region: string;
  credentials: Credentials[];
  logger: Logger;
}

async function listen(
  options: EmulatorOptions,
  services: Services,
  lock: StateDirLock,
  { host, region, credentials, logger }: Resolved,
): Promise<RunningEmulator> {
  // Clients sign with their wall clock, so signature times are checked against it, not the simulated clock.
  const verifier = new SigV4Verifier(credentials, wallClock);
  // Request bodies held at once: the largest one allowed, so concurrent large uploads take turns.
  const bodies = new BodyBudget(MAX_BODY_BYTES);

  /**
   * Authenticates as far as the head allows, then reads the body: up to MAX_BODY_BYTES once the
   * signature is checked, up to MAX_UNVERIFIED_BODY_BYTES while it still depends on the body.
   */
  const authenticated = async (
    msg: IncomingMessage,
    head: Incoming,
    key: ServiceKey,
    requestId: string,
    errorReply: (error: ServiceError) => Reply,
  ): Promise<Exchange> => {
    const binding = services.bindings[key];
    let release = () => {};
    try {
      const check = await verifier.begin(head, SIGNING_SERVICE[key]);
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
      if (e instanceof BodyError) {
        const error = new ServiceError(e.code, e.message, 400);
        return { operation: "ReadRequest", reply: errorReply(error), error };
      }
      if (!(e instanceof AuthError)) throw e;
      const error = authServiceError(e, binding.authFamily);
      return { operation: "Authenticate", reply: errorReply(error), error };
    } finally {
      release();
    }
  };

  const handle = async (msg: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = randomUUID();
    let exchange: Exchange;
    let service = "unknown";
    let errorReply: ((error: ServiceError) => Reply) | undefined;
    try {
      const head = readHead(msg);
      const key = serviceOf(head);
      const binding = services.bindings[key];
      service = key;
      errorReply = (error) => binding.errorReply(error, head, requestId);
      const refused = webRefusal(head, host);
      if (refused) {
        const error = webRefusalError(refused, binding.authFamily);
        exchange = { operation: "Refuse", reply: errorReply(error), error };
      } else {
        exchange = await authenticated(msg, head, key, requestId, errorReply);
      }
    } catch (e) {
      // A bug: still answered as an AWS InternalFailure in the service's format when it is known.
      const error = internalFailure(e);
      logger.info("internal failure", { requestId, error: errorText(e) });
      exchange = {
        operation: "unknown",
        reply: errorReply?.(error) ?? { status: 500, headers: { "content-type": "text/plain" }, body: error.message },
        error,
      };
    }
    // A request refused before its body was read: close the connection rather than read the body.
    if (!msg.complete && exchange.reply.status >= 400) exchange.reply.headers["connection"] = "close";
    write(res, exchange.reply);
    logger.request({
      requestId,
      service,
      operation: exchange.operation,
      resource: exchange.resource,
      status: exchange.reply.status,
      outcome: exchange.error?.code ?? "ok",
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    });
  };

  // What `handle` cannot answer (the reply could not be written): the connection is dropped.
  const server = createServer(
    (msg, res) =>
      void handle(msg, res).catch((e: unknown) => {
        logger.info("connection dropped: no reply written", { error: errorText(e) });
        res.destroy();
      }),
  );
  // SDK clients keep idle connections open indefinitely. A server that closes an idle one at the
  // moment a client reuses it makes that request fail unsent (a reset, which a client with retries
  // off counts as a failed request); under load that moment comes often with Node's 5 s default.
  // A minute makes it rare within a notebook's traffic, and stop() closes every connection anyway.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  limitConnections(server, connectionCap());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  if (!isLoopbackName(host)) {
    process.emitWarning(
      `The SageMaker emulator listens on ${host}:${port}, reachable from other machines, with a documented key pair.`,
      "EmulatorExposedWarning",
    );
  }
  logger.info("emulator listening", { url, region, stateDir: options.stateDir });

  return {
    url,
    region,
    credentials,
    async stop() {
      await services.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await lock.release();
    },
  };
}

function write(res: ServerResponse, reply: Reply): void {
  const body =
    reply.body === undefined ? undefined : typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body;
  const headers: Record<string, string> = { ...reply.headers };
  if (!("content-length" in headers)) headers["content-length"] = String(body?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(res.req.method === "HEAD" ? undefined : body);
}
