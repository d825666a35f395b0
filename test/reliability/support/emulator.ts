/**
 * An in-process emulator (startEmulator on an ephemeral port, a fresh state directory) and real
 * SDK clients pointed at it, configured as a notebook configures them (one attempt, no retries,
 * so every answer the emulator gives is the answer the test sees).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../src/emulator/server";
import { LOCAL_KEYS } from "./wire";

export interface TestEmulator {
  emulator: RunningEmulator;
  stateDir: string;
  s3(): S3Client;
  sagemaker(): SageMakerClient;
  runtime(): SageMakerRuntimeClient;
  cloudwatch(): CloudWatchClient;
  /** Stops the emulator and removes its state directory. */
  stop(): Promise<void>;
}

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "reliability-state-"));
  const emulator = await startEmulator({ port: 0, provisioningDelayMs: 20, ...options, stateDir });
  const common = { endpoint: emulator.url, region: emulator.region, credentials: LOCAL_KEYS, maxAttempts: 1 };
  return {
    emulator,
    stateDir,
    s3: () => new S3Client({ ...common, forcePathStyle: true }),
    sagemaker: () => new SageMakerClient(common),
    runtime: () => new SageMakerRuntimeClient(common),
    cloudwatch: () => new CloudWatchClient(common),
    async stop() {
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
