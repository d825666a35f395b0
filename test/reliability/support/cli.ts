/**
 * The emulator as its own process (the CLI), for faults that need a real process: SIGKILL.
 * `node --import tsx src/emulator/cli.ts` is one process (through npx or tsx's CLI the emulator
 * would be a grandchild, and SIGKILL would hit the wrapper).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { ROOT } from "./fixtures";
import { LOCAL_KEYS, Wire } from "./wire";

export interface CliEmulator {
  process: ChildProcess;
  url: string;
  wire: Wire;
  s3: S3Client;
  sagemaker: SageMakerClient;
  runtime: SageMakerRuntimeClient;
  cloudwatch: CloudWatchClient;
  /** The last 4,000 characters the process wrote to stderr. */
  stderr(): string;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), resolved once the process is gone. */
  stop(): Promise<void>;
}

export async function startCli(stateDir: string, args: string[] = []): Promise<CliEmulator> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/emulator/cli.ts", "--port", "0", "--state-dir", stateDir, ...args],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`emulator exited (${code ?? signal}) before listening: ${out}${stderr}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const common = { endpoint: url, region: "us-east-1", credentials: LOCAL_KEYS, maxAttempts: 1 };
  const wire = new Wire(url, 16, 30_000);
  const end = async (signal: NodeJS.Signals) => {
    wire.close();
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    process: child,
    url,
    wire,
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sagemaker: new SageMakerClient(common),
    runtime: new SageMakerRuntimeClient(common),
    cloudwatch: new CloudWatchClient(common),
    stderr: () => stderr,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}
