import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_EMULATOR, makeClients } from "../../src/aws/clients";
import { loadConfig } from "../../src/aws/config";
import { startEmulator } from "../../src/emulator/server";
import { NotebookError } from "../../src/aws/errors";
import { reconnect } from "../../src/aws/session";

describe("a task's first cell (reconnect)", () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stateDir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "guardrails-reconnect-"));
    emulator = await startEmulator({ port: 0, stateDir, credentials: [LOCAL_EMULATOR.credentials] });
    Object.assign(process.env, {
      GUARDRAILS_QUIET: "1",
      GUARDRAILS_TARGET: "local",
      GUARDRAILS_EMULATOR_URL: emulator.url,
    });
  });
  afterAll(async () => {
    process.env = { ...saved };
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("sends a learner who starts with Task 1 on a fresh emulator to Task 0, in one line", async () => {
    const attempt = reconnect(1);
    await expect(attempt).rejects.toBeInstanceOf(NotebookError);
    await expect(attempt).rejects.toThrow(
      "Task 1 needs the test data in s3://sagemaker-guardrails-local/sagemaker/RealTime-Weather-Deployment-Guardrails-Canary/test_linear.csv, which is missing: run Task 0 first.",
    );
  });

  it("sends a learner who starts with Task 2 or 3 before the endpoint exists to Task 1", async () => {
    await expect(reconnect(2)).rejects.toThrow(
      "Task 2 needs the endpoint weather-prediction-endpoint, which does not exist: run Task 1 first.",
    );
    await expect(reconnect(3)).rejects.toThrow(
      "Task 3 needs the endpoint weather-prediction-endpoint, which does not exist: run Task 1 first.",
    );
  });

  it("reconnects Task 1 once the data is staged, with the payloads loaded, and Task 4 whatever exists", async () => {
    const config = loadConfig("local");
    const clients = makeClients({
      region: config.region,
      endpoint: emulator.url,
      credentials: LOCAL_EMULATOR.credentials,
    });
    await clients.s3.send(new CreateBucketCommand({ Bucket: config.bucket }));
    const csv = readFileSync(join(__dirname, "..", "..", "data", "test_linear.csv"));
    await clients.s3.send(
      new PutObjectCommand({ Bucket: config.bucket, Key: `${config.prefix}/test_linear.csv`, Body: csv }),
    );
    const session = await reconnect(1);
    expect(session.clients.endpoint).toBe(emulator.url);
    expect(session.payloads.rows).toHaveLength(csv.toString().trim().split("\n").length);
    const cleanup = await reconnect(4);
    expect(() => cleanup.payloads).toThrow(
      "The test payloads are not loaded: run Task 0 (or this task's first cell) first.",
    );
  });

  it("says the emulator is not running, with the next step, when it has gone away", async () => {
    const gone = await startEmulator({
      port: 0,
      stateDir: mkdtempSync(join(stateDir, "gone-")),
      credentials: [LOCAL_EMULATOR.credentials],
    });
    process.env.GUARDRAILS_EMULATOR_URL = gone.url;
    await gone.stop();
    try {
      await expect(reconnect(4)).resolves.toBeDefined();
      await expect(reconnect(2)).rejects.toThrow(
        `The local emulator at ${gone.url} is not running (ECONNREFUSED): rerun this task's first cell.`,
      );
    } finally {
      process.env.GUARDRAILS_EMULATOR_URL = emulator.url;
    }
  });
});
