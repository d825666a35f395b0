/**
 * The emulator as its own process (the CLI, started by support/emulator.ts), for faults that need
 * a real process: SIGKILL. Adds the raw wire client and SDK clients the reliability suites use.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { startEmulatorProcess } from "../../../support/emulator";
import { LOCAL_KEYS, Wire } from "./wire";

export interface CliEmulator {
  pid: number;
  url: string;
  wire: Wire;
  s3: S3Client;
  sagemaker: SageMakerClient;
  runtime: SageMakerRuntimeClient;
  cloudwatch: CloudWatchClient;
  /** The last 16,000 characters the process wrote to stderr. */
  stderr(): string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), resolved once the process is gone. */
  stop(): Promise<void>;
}

export async function startCli(stateDir: string, args: string[] = []): Promise<CliEmulator> {
  const cli = await startEmulatorProcess(stateDir, args);
  const common = { endpoint: cli.url, region: "us-east-1", credentials: LOCAL_KEYS, maxAttempts: 1 };
  const wire = new Wire(cli.url, 16, 30_000);
  const end = async (signal: "SIGKILL" | "SIGTERM") => {
    wire.close();
    await cli.kill(signal);
  };
  return {
    pid: cli.pid,
    url: cli.url,
    wire,
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sagemaker: new SageMakerClient(common),
    runtime: new SageMakerRuntimeClient(common),
    cloudwatch: new CloudWatchClient(common),
    stderr: () => cli.stderr(),
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}
