/**
 * The four AWS SDK clients the notebook uses, for either target. Locally they
 * point at the emulator (started here if nothing answers on its port); on AWS
 * they use the standard credential chain. Nothing else differs.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { join } from "node:path";
import type { NotebookConfig } from "./config";
import { readServiceTime, SERVICE_TIME_MIDDLEWARE, ServiceClock } from "./service-clock";
import { settings } from "./settings";
import { DEFAULT_CREDENTIALS, DEFAULT_PORT, readImageCommandsFile, startEmulator } from "../emulator";

export interface Clients {
  sagemaker: SageMakerClient;
  runtime: SageMakerRuntimeClient;
  cloudwatch: CloudWatchClient;
  s3: S3Client;
  /** Where the clients send requests: the emulator's URL, or "aws". */
  endpoint: string;
  /** The service's time (the emulator's clock, which may run faster than real time). */
  clock: ServiceClock;
}

/**
 * The emulator's documented local defaults (see README, "Local emulator");
 * GUARDRAILS_EMULATOR_PORT and GUARDRAILS_STATE_DIR move it (settings.ts), e.g. to run two
 * notebooks side by side.
 */
export const LOCAL_EMULATOR = {
  port: DEFAULT_PORT,
  credentials: DEFAULT_CREDENTIALS,
  stateDir: join(__dirname, "..", "..", ".state", "emulator"),
  // Each fleet step (launch, shift, terminate) takes this long: about a second still reads like
  // AWS in the live status, and keeps a full run within minutes.
  provisioningDelayMs: 1000,
};

export interface ClientSettings {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Clients for one endpoint (the emulator's URL) or, without one, for AWS. */
export function makeClients(settings: ClientSettings): Clients {
  const clock = new ServiceClock();
  const clients = {
    sagemaker: new SageMakerClient(settings),
    // One attempt per invocation: every request the traffic generator counts is one request sent.
    runtime: new SageMakerRuntimeClient({ ...settings, maxAttempts: 1 }),
    cloudwatch: new CloudWatchClient(settings),
    s3: new S3Client({ ...settings, forcePathStyle: settings.endpoint !== undefined }),
    endpoint: settings.endpoint ?? "aws",
    clock,
  };
  clients.sagemaker.middlewareStack.add(readServiceTime(clock), SERVICE_TIME_MIDDLEWARE);
  clients.runtime.middlewareStack.add(readServiceTime(clock), SERVICE_TIME_MIDDLEWARE);
  clients.cloudwatch.middlewareStack.add(readServiceTime(clock), SERVICE_TIME_MIDDLEWARE);
  clients.s3.middlewareStack.add(readServiceTime(clock), SERVICE_TIME_MIDDLEWARE);
  return clients;
}

let ownEmulator: { url: string; stop(): Promise<void> } | undefined;

async function answers(clients: Clients): Promise<boolean> {
  try {
    await clients.s3.send(new ListBucketsCommand({}));
    return true;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ECONNREFUSED" || code === "ECONNRESET") return false;
    throw e;
  }
}

/**
 * Clients for the configured target. Locally: the emulator named by
 * GUARDRAILS_EMULATOR_URL (what `npm start` hands its kernel: it never looks
 * anywhere else), else one already listening on the port (e.g. `npm run
 * emulator`), else one started in this process with its state in
 * `.state/emulator`, so a restarted kernel finds the endpoints it had.
 */
export async function connect(config: NotebookConfig): Promise<Clients> {
  if (config.target === "aws") return makeClients({ region: config.region });
  const {
    emulatorUrl,
    emulatorPort = LOCAL_EMULATOR.port,
    stateDir = LOCAL_EMULATOR.stateDir,
    containersFile,
    timeScale,
  } = settings();
  if (emulatorUrl) {
    const named = makeClients({
      region: config.region,
      endpoint: emulatorUrl,
      credentials: LOCAL_EMULATOR.credentials,
    });
    await answers(named); // the first reply sets the clients' clock (service-clock.ts)
    return named;
  }
  const url = ownEmulator?.url ?? `http://127.0.0.1:${emulatorPort}`;
  const clients = makeClients({ region: config.region, endpoint: url, credentials: LOCAL_EMULATOR.credentials });
  if (ownEmulator || (await answers(clients))) return clients;
  ownEmulator = await startEmulator({
    port: emulatorPort,
    stateDir,
    region: config.region,
    credentials: [LOCAL_EMULATOR.credentials],
    provisioningDelayMs: LOCAL_EMULATOR.provisioningDelayMs,
    imageCommands: containersFile === undefined ? undefined : readImageCommandsFile(containersFile),
    timeScale,
  });
  await answers(clients);
  return clients;
}

/** Stops the emulator this process started, if any (headless runs end with it). */
export async function disconnect(): Promise<void> {
  await ownEmulator?.stop();
  ownEmulator = undefined;
}
