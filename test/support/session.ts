import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_EMULATOR, makeClients } from "../../src/aws/clients";
import { loadConfig } from "../../src/aws/config";
import { loadPayloads } from "../../src/aws/data";
import { startEmulator } from "../../src/emulator/server";
import { Session } from "../../src/aws/session";

export const DATA = join(__dirname, "..", "..", "data");

export interface SessionFixture {
  session: Session;
  url: string;
  /** The v1 artifact's URI in the fixture's bucket. */
  modelUri: string;
  stop(): Promise<void>;
}

/**
 * A notebook session on an emulator of its own (port 0, fresh state, fast
 * provisioning and polling), with the bucket, the v1 artifact and the
 * labelled test set staged and the payloads loaded, as after Task 0.
 */
export async function startSession(): Promise<SessionFixture> {
  process.env.GUARDRAILS_QUIET = "1";
  const stateDir = mkdtempSync(join(tmpdir(), "guardrails-session-"));
  const emulator = await startEmulator({
    port: 0,
    stateDir,
    credentials: [LOCAL_EMULATOR.credentials],
    provisioningDelayMs: 10,
  });
  const base = loadConfig("local");
  const config = { ...base, profile: { ...base.profile, pollMs: 20 } };
  const clients = makeClients({
    region: config.region,
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR.credentials,
  });
  await clients.s3.send(new CreateBucketCommand({ Bucket: config.bucket }));
  const key = `${config.prefix}/005-model.tar.gz`;
  await clients.s3.send(
    new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: readFileSync(join(DATA, "005-model.tar.gz")) }),
  );
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: config.bucket,
      Key: `${config.prefix}/test_linear.csv`,
      Body: readFileSync(join(DATA, "test_linear.csv")),
    }),
  );
  const session = new Session(config, clients);
  session.payloads = await loadPayloads(clients, config);
  return {
    session,
    url: emulator.url,
    modelUri: `s3://${config.bucket}/${key}`,
    async stop() {
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Metric alarms on the 5XX error rate (Average ≥ 3 % over a minute), e.g. the children of a composite. */
export async function putErrorRateAlarms(f: SessionFixture, names: readonly string[]): Promise<void> {
  for (const AlarmName of names)
    await f.session.clients.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName,
        Namespace: "AWS/SageMaker",
        MetricName: "Invocation5XXErrors",
        Statistic: "Average",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0.03,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
}
