/**
 * The emulator's HTTP front: one listener on 127.0.0.1 for all four services, each request taken
 * through the pipeline's stages (pipeline.ts: route → guard → SigV4 → body → protocol).
 * `startEmulator` is the public in-process API; cli.ts wraps it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SigV4Verifier, type Credentials } from "./auth/sigv4";
import { isLoopbackName } from "./auth/web-guard";
import { wallClock, type Clock } from "./clock";
import { clockHeaders, stateDirClock, timeScaleProblem } from "./time-scale";
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_INVOCATION_TIMEOUT_MS,
  DEFAULT_PORT,
  DEFAULT_PUBLICATION_DELAY_MS,
  DEFAULT_REGION,
} from "./config";
import type { ContainerFactory } from "./containers/container";
import type { ImageCommands } from "./containers/image-commands";
import { errorText, silentLogger, type Logger } from "./log";
import { requestPipeline } from "./pipeline";
import { DEFAULT_ENDPOINT_QUOTAS, type EndpointQuotas } from "./services/sagemaker/quotas";
import { openServices, type Services } from "./services";
import { ensureDir } from "./store/files";
import { lockStateDir, type StateDirLock } from "./store/lock";
import type { Random } from "./random";
import { SERVER_TIMEOUTS, connectionCap, limitConnections } from "./connection-limits";

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
  /** The emulator's clock; default the host's, run `timeScale` times faster (time-scale.ts). */
  clock?: Clock;
  /**
   * How many times faster than real time the emulator's clock runs (1 to MAX_TIME_SCALE, default 1):
   * every duration the emulator owns passes that much faster. Ignored when `clock` is given, except
   * in the scale replies announce.
   */
  timeScale?: number;
  logger?: Logger;
  /** Time an endpoint spends Creating before its fleet starts (default 1500 ms). */
  provisioningDelayMs?: number;
  /**
   * Added per instance to the time an endpoint spends Creating and to each deployment step that
   * launches instances (default 0). The README gives the values that model AWS's minutes.
   */
  instanceLaunchMs?: number;
  /** Source of the routing, shadow-copy and capture-sampling draws (default Math.random; tests seed it). */
  random?: Random;
  /** How long InvokeEndpoint waits for a container's answer before ModelError (default 60 000 ms, as on SageMaker). */
  invocationTimeoutMs?: number;
  /** Starts the algorithm containers (default the built-in ones); tests wrap them to simulate a container that crashes or hangs. */
  containers?: ContainerFactory;
  /**
   * Image URIs served by your own inference server, run as a local process per instance, and the
   * command that starts it (`serve` is appended). The emulator's own configuration: no API request
   * can add to it.
   */
  imageCommands?: ImageCommands;
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
  const logger = options.logger ?? silentLogger;
  const scaleProblem = options.timeScale === undefined ? undefined : timeScaleProblem(String(options.timeScale));
  if (scaleProblem) throw new RangeError(`timeScale ${options.timeScale}: ${scaleProblem}.`);
  // The owner lock comes before anything in the directory is read or swept (store/lock.ts).
  await ensureDir(options.stateDir);
  const lock = await lockStateDir(options.stateDir);
  let services: Services | undefined;
  let ownClock: Awaited<ReturnType<typeof stateDirClock>> | undefined;
  try {
    ownClock = options.clock ? undefined : await stateDirClock(options.stateDir, options.timeScale ?? 1);
    const clock = options.clock ?? (ownClock as NonNullable<typeof ownClock>).clock;
    services = await openServices({
      stateDir: options.stateDir,
      region,
      clock,
      provisioningDelayMs: options.provisioningDelayMs ?? 1500,
      instanceLaunchMs: options.instanceLaunchMs,
      logger,
      random: options.random ?? Math.random,
      invocationTimeoutMs: options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
      containers: options.containers,
      imageCommands: options.imageCommands,
      publicationDelayMs: options.publicationDelayMs ?? DEFAULT_PUBLICATION_DELAY_MS,
      quotas: { ...DEFAULT_ENDPOINT_QUOTAS, ...options.quotas },
    });
    const replyHeaders = clockHeaders(clock, options.timeScale ?? 1);
    return await listen(options, services, lock, { host, region, credentials, logger, replyHeaders, ownClock });
  } catch (e) {
    await services?.close();
    await ownClock?.close();
    await lock.release();
    throw e;
  }
}

interface Resolved {
  host: string;
  region: string;
  credentials: Credentials[];
  logger: Logger;
  replyHeaders: () => Record<string, string>;
  ownClock?: { close(): Promise<void> };
}

async function listen(
  options: EmulatorOptions,
  services: Services,
  lock: StateDirLock,
  { host, region, credentials, logger, replyHeaders, ownClock }: Resolved,
): Promise<RunningEmulator> {
  // Clients sign with their wall clock, so signature times are checked against it, not the simulated clock.
  const verifier = new SigV4Verifier(credentials, wallClock);
  const handle = requestPipeline({ services, verifier, host, logger, replyHeaders });

  // What `handle` cannot answer (the reply could not be written): the connection is dropped.
  const { keepAliveTimeout, ...timers } = SERVER_TIMEOUTS;
  const server = createServer(
    timers,
    (msg, res) =>
      void handle(msg, res).catch((e: unknown) => {
        logger.info("connection dropped: no reply written", { error: errorText(e) });
        res.destroy();
      }),
  );
  server.keepAliveTimeout = keepAliveTimeout;
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
      await ownClock?.close();
      await lock.release();
    },
  };
}
