/**
 * What the tests and the benches share to run the emulator: an in-process emulator on an
 * ephemeral port with a fresh state directory, the CLI as its own process, real AWS SDK v3
 * clients pointed at either (configured as a notebook configures them), the images, role and
 * artifacts, and metric sums. No vitest here: the benches import it outside vitest.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { CloudWatchClient, GetMetricStatisticsCommand } from "@aws-sdk/client-cloudwatch";
import { S3Client, S3ServiceException, type S3ClientConfig } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { create as createTar } from "tar";
import { ManualClock } from "../src/emulator/clock";
import { DEFAULT_PUBLICATION_DELAY_MS } from "../src/emulator/config";
import { DEFAULT_CREDENTIALS, startEmulator, type EmulatorOptions, type RunningEmulator } from "../src/emulator";

/** The emulator's documented local key pair, as its public entry exports it. */
export const LOCAL_KEYS = DEFAULT_CREDENTIALS;

/** Real SDK clients for an emulator at `url`, configured as a notebook would configure them. */
export interface SdkClients {
  s3(config?: Partial<S3ClientConfig>): S3Client;
  sagemaker(credentials?: typeof LOCAL_KEYS): SageMakerClient;
  runtime(): SageMakerRuntimeClient;
  cloudwatch(): CloudWatchClient;
}

export function sdkClients(url: string, region = "us-east-1"): SdkClients {
  const common = { endpoint: url, region, credentials: LOCAL_KEYS, maxAttempts: 1 };
  return {
    s3: (config = {}) => new S3Client({ ...common, forcePathStyle: true, ...config }),
    sagemaker: (credentials = LOCAL_KEYS) => new SageMakerClient({ ...common, credentials }),
    runtime: () => new SageMakerRuntimeClient(common),
    cloudwatch: () => new CloudWatchClient(common),
  };
}

export interface TestEmulator extends SdkClients {
  emulator: RunningEmulator;
  stateDir: string;
  /** The manual clock the emulator runs on, when the test gave one: waits for a status walk it. */
  manualClock?: ManualClock;
  stop(): Promise<void>;
}

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), "emulator-test-"));
}

/** Time an endpoint spends Creating in a test emulator (unless the test says otherwise). */
export const TEST_PROVISIONING_DELAY_MS = 20;

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const stateDir = options.stateDir ?? tempStateDir();
  const emulator = await startEmulator({
    port: 0,
    provisioningDelayMs: TEST_PROVISIONING_DELAY_MS,
    ...options,
    stateDir,
  });
  return {
    ...sdkClients(emulator.url, emulator.region),
    emulator,
    stateDir,
    manualClock: options.clock instanceof ManualClock ? options.clock : undefined,
    async stop() {
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The repository root, where the CLI runs and `data/` lives. */
export const ROOT = join(__dirname, "..");
export const DATA = join(ROOT, "data");

/** A server in its own node process that prints `listening on <url>` once it accepts requests. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** The last 16,000 characters the process wrote to stderr. */
  stderr(): string;
  /** Sends the signal (unless the process has exited) and resolves once the process has exited. */
  kill(signal: "SIGKILL" | "SIGTERM"): Promise<void>;
}

/** Runs `node …args` in the repository root and resolves once it prints its URL. */
export function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async (signal: "SIGKILL" | "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, pid: child.pid!, stderr: () => stderr, kill });
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`server exited (${code ?? signal}) before listening: ${out}${stderr}`)),
    );
  });
}

export interface EmulatorProcess extends SdkClients, ServerProcess {}

/**
 * The emulator CLI as its own process, started as the README says (`--port 0`, a state dir, and
 * any of its flags in `args`), with node and tsx as its loader: through npx or tsx's own CLI the
 * emulator would be a grandchild, and SIGKILL would hit the wrapper, not the emulator.
 */
export async function startEmulatorProcess(stateDir: string, args: string[] = []): Promise<EmulatorProcess> {
  const server = await startServerProcess([
    "--import",
    "tsx",
    "src/emulator/cli.ts",
    "--port",
    "0",
    "--state-dir",
    stateDir,
    ...args,
  ]);
  return { ...sdkClients(server.url), ...server };
}

/** Runs `p` expecting it to fail; returns the SDK error for assertions on name, message and status. */
export async function failure(
  p: Promise<unknown>,
): Promise<Error & { $metadata: { httpStatusCode?: number }; $fault?: string }> {
  const result = await p.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in result)) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error as Error & { $metadata: { httpStatusCode?: number } };
}

/**
 * Whether a Describe or Head request found its resource: false only on AWS's not-found answer
 * (SageMaker's ValidationException "Could not find …", S3's 404 NotFound); any other error is thrown.
 */
export function found(request: Promise<unknown>): Promise<boolean> {
  return request.then(
    () => true,
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      if (error.name === "ValidationException" && error.message.startsWith("Could not find ")) return false;
      if (error.name === "NotFound" && error.$metadata?.httpStatusCode === 404) return false;
      throw error;
    },
  );
}

/** Runs `p` expecting S3 to refuse it; returns the S3 error. */
export async function s3Error(p: Promise<unknown>): Promise<S3ServiceException> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof S3ServiceException))
    throw new Error(`expected an S3 error, got ${e === undefined ? "a success" : inspect(e)}`);
  return e;
}

export const LINEAR_LEARNER_IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1";
export const XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.2-1";
export const ROLE = "arn:aws:iam::000000000000:role/SageMakerRole";
/** Feature rows (no label) the shipped linear-learner artifacts score. */
export const ROWS = readFileSync(join(DATA, "test_linear_input_cols.csv"), "utf8").trim().split("\n");
const [FIRST_ROW] = ROWS;
if (FIRST_ROW === undefined) throw new Error("data/test_linear_input_cols.csv holds no rows");
/** The first of ROWS: what a test sends when any one request will do. */
export const ROW: string = FIRST_ROW;

/** A model.tar.gz holding the given files. */
export function tarGz(files: Record<string, string | Uint8Array>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "emulator-tar-"));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    createTar({ gzip: true, file: join(dir, "out.tar.gz"), cwd: dir, sync: true }, Object.keys(files));
    return readFileSync(join(dir, "out.tar.gz"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sum of an AWS/SageMaker metric of one variant (and one config, if given) over the hour before
 * `now` (default the wall clock; a manual clock's time in tests that use one).
 */
export async function metricSum(
  t: SdkClients,
  EndpointName: string,
  VariantName: string,
  MetricName: string,
  options: { EndpointConfigName?: string; now?: number } = {},
): Promise<number> {
  const { EndpointConfigName, now = Date.now() } = options;
  const out = await t.cloudwatch().send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/SageMaker",
      MetricName,
      Dimensions: [
        { Name: "EndpointName", Value: EndpointName },
        { Name: "VariantName", Value: VariantName },
        ...(EndpointConfigName === undefined ? [] : [{ Name: "EndpointConfigName", Value: EndpointConfigName }]),
      ],
      StartTime: new Date(now - 3_600_000),
      EndTime: new Date(now + 60_000),
      Period: 3600,
      Statistics: ["Sum"],
    }),
  );
  return out.Datapoints?.reduce((s, d) => s + (d.Sum ?? 0), 0) ?? 0;
}

/**
 * Walks a manual clock through one publication interval (SageMaker's default 60 s unless the
 * config enables enhanced metrics) and the publication delay: every invocation so far is then in
 * CloudWatch, as a reader on AWS must wait for before counts are final.
 */
export function publishInvocationMetrics(clock: ManualClock, intervalS = 60): void {
  clock.advance(intervalS * 1000 + DEFAULT_PUBLICATION_DELAY_MS);
}

/** Polls until `check` returns a value (not undefined), failing after `ms` (a minute: a busy machine is slow, not wrong). */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Sends an invocation until the instances have loaded their model: after a restart they answer
 * ModelNotReadyException (429) meanwhile, as the emulator README says. Any other error is thrown.
 */
export function onceModelLoaded<T>(invoke: () => Promise<T>, ms = 60_000): Promise<T> {
  return eventually(
    () =>
      invoke().catch((e: Error) => {
        if (e.name === "ModelNotReadyException") return undefined;
        throw e;
      }),
    ms,
  );
}

export interface EndpointOptions {
  /** The model's container Environment. */
  environment?: Record<string, string>;
  /** InitialInstanceCount (default 1). */
  instances?: number;
  /** The variant's ContainerStartupHealthCheckTimeoutInSeconds. */
  startupTimeoutS?: number;
}

/**
 * Model, config and endpoint all named `name`: ml.m5.large instances (one unless `instances`
 * says) of `image` serving the model data at `modelDataUrl` (variant AllTraffic). Resolves once
 * CreateEndpoint is accepted.
 */
export async function createEndpointOn(
  sm: SageMakerClient,
  name: string,
  image: string,
  modelDataUrl: string,
  { environment, instances = 1, startupTimeoutS }: EndpointOptions = {},
): Promise<void> {
  await sm.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: image, ModelDataUrl: modelDataUrl, Environment: environment },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: name,
          InitialInstanceCount: instances,
          InstanceType: "ml.m5.large",
          ContainerStartupHealthCheckTimeoutInSeconds: startupTimeoutS,
        },
      ],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
}
