/**
 * Load, as a specification: 32 clients send InvokeEndpoint back to back for 60 seconds (wall
 * clock) against a 3-instance endpoint, while a canary UpdateEndpoint from version 1 (the 005
 * artifact) to version 2 (009) runs to completion under an auto-rollback alarm.
 * - every request gets an answer, and from a healthy fleet every answer is a success;
 * - each answer is exactly version 1's or version 2's prediction, and version 2 answers only
 *   once the deployment has started;
 * - the recorded AWS/SageMaker Invocations equal the requests answered: per variant, and per
 *   variant and configuration (EndpointConfigName); no 4XX/5XX is recorded;
 * - the deployment finishes: InService on version 2, the alarm never fired, and a poller only
 *   ever saw InService or Updating, on version 1 or 2.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  UpdateEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { loadLinearLearner } from "../../src/models";
import { canaryConfig, variantAlarm } from "../../support/deployment-config";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import {
  ENHANCED_METRICS,
  LINEAR_LEARNER_IMAGE,
  MODEL_BUCKET,
  ROLE,
  ROOT,
  ROW,
  deployLinearLearner,
  uploadArtifact,
  waitForEndpoint,
  whenPublished,
} from "./support/fixtures";
import { report } from "./support/summary";

const CLIENTS = 32;
const LOAD_MS = 60_000;
/** Hard stop for the clients if the deployment has not finished by then (it takes about 35 s). */
const MAX_LOAD_MS = 150_000;
const ENDPOINT = "load";
const VARIANT = "AllTraffic";
const V1 = "load-v1";
const V2 = "load-v2";
const ALARM = "load-Invocation5XXErrors";
const answerOf = (artifact: string) =>
  loadLinearLearner(readFileSync(join(ROOT, "data", artifact)), artifact)
    .invoke(Buffer.from(ROW), "text/csv", "application/json")
    .body.toString();
const ANSWERS: Record<string, string> = { [V1]: answerOf("005-model.tar.gz"), [V2]: answerOf("009-model.tar.gz") };

let t: TestEmulator;
const outcome = {
  sent: 0,
  answered: new Map<string, number>(),
  failures: [] as string[],
  unexpected: [] as string[],
  seconds: 0,
  phases: [] as string[],
};

beforeAll(async () => {
  expect(ANSWERS[V1]).not.toBe(ANSWERS[V2]);
  t = await startTestEmulator({ provisioningDelayMs: 1000 });
  const s3 = t.s3();
  const sm = t.sagemaker();
  await uploadArtifact(s3);
  await s3.send(
    new PutObjectCommand({
      Bucket: MODEL_BUCKET,
      Key: "009-model.tar.gz",
      Body: readFileSync(join(ROOT, "data", "009-model.tar.gz")),
    }),
  );
  expect(await deployLinearLearner(sm, { model: V1, config: V1, endpoint: ENDPOINT, instances: 3 })).toBe("InService");
  await sm.send(
    new CreateModelCommand({
      ModelName: V2,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: `s3://${MODEL_BUCKET}/009-model.tar.gz` },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: V2,
      ProductionVariants: [
        { VariantName: VARIANT, ModelName: V2, InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
      ],
      MetricsConfig: ENHANCED_METRICS,
    }),
  );
  await t
    .cloudwatch()
    .send(new PutMetricAlarmCommand(variantAlarm({ AlarmName: ALARM, EndpointName: ENDPOINT, VariantName: VARIANT })));
});

afterAll(async () => {
  await t?.stop();
  const answered = [...outcome.answered.values()].reduce((a, b) => a + b, 0);
  report({
    order: 4,
    title: "Load (32 clients, canary deployment under way)",
    figures: {
      "requests sent": outcome.sent,
      "answered with version 1 (005)": outcome.answered.get(V1) ?? 0,
      "answered with version 2 (009)": outcome.answered.get(V2) ?? 0,
      failed: outcome.failures.length,
      "answered something else": outcome.unexpected.length,
      "lost (no answer)": outcome.sent - answered - outcome.failures.length - outcome.unexpected.length,
      "duration (s)": outcome.seconds,
      "deployment phases seen": outcome.phases.join(" → "),
    },
  });
});

async function invocations(metric: string, configName?: string): Promise<number> {
  const out = await t.cloudwatch().send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/SageMaker",
      MetricName: metric,
      Dimensions: [
        { Name: "EndpointName", Value: ENDPOINT },
        { Name: "VariantName", Value: VARIANT },
        ...(configName ? [{ Name: "EndpointConfigName", Value: configName }] : []),
      ],
      StartTime: new Date(Date.now() - 3_600_000),
      EndTime: new Date(Date.now() + 60_000),
      Period: 60,
      Statistics: ["Sum"],
    }),
  );
  return out.Datapoints?.reduce((sum, d) => sum + (d.Sum ?? 0), 0) ?? 0;
}

describe(`${CLIENTS} clients for ${LOAD_MS / 1000} s while a canary deployment runs`, () => {
  it(
    "answers every request from a healthy fleet with a success, and the deployment completes",
    async () => {
      const started = Date.now();
      let deploymentDone = false;
      let deploymentStarted = false;
      let v2BeforeStart = 0;
      const client = async () => {
        const runtime = t.runtime();
        while (Date.now() - started < MAX_LOAD_MS && (Date.now() - started < LOAD_MS || !deploymentDone)) {
          outcome.sent++;
          try {
            const out = await runtime.send(
              new InvokeEndpointCommand({
                EndpointName: ENDPOINT,
                Body: Buffer.from(ROW),
                ContentType: "text/csv",
                Accept: "application/json",
              }),
            );
            const body = Buffer.from(out.Body).toString("utf8");
            const config = Object.keys(ANSWERS).find((c) => ANSWERS[c] === body);
            if (!config || out.InvokedProductionVariant !== VARIANT)
              outcome.unexpected.push(`${out.InvokedProductionVariant}: ${body.slice(0, 100)}`);
            else outcome.answered.set(config, (outcome.answered.get(config) ?? 0) + 1);
            if (config === V2 && !deploymentStarted) v2BeforeStart++;
          } catch (e) {
            outcome.failures.push(`${(e as Error).name}: ${(e as Error).message}`.slice(0, 200));
          }
        }
      };
      const deployment = async () => {
        const sm = t.sagemaker();
        await new Promise((r) => setTimeout(r, 3000)); // the clients are in full swing first
        deploymentStarted = true;
        await sm.send(
          new UpdateEndpointCommand({
            EndpointName: ENDPOINT,
            EndpointConfigName: V2,
            DeploymentConfig: canaryConfig(15, { alarms: [ALARM] }),
          }),
        );
        // Poll as a notebook would, recording each distinct status / configuration seen (bounded).
        for (let i = 0; i < 600; i++) {
          const d = await sm.send(new DescribeEndpointCommand({ EndpointName: ENDPOINT }));
          const phase = `${d.EndpointStatus} ${d.EndpointConfigName}${d.PendingDeploymentSummary ? ` (pending ${d.PendingDeploymentSummary.EndpointConfigName})` : ""}`;
          if (outcome.phases.at(-1) !== phase) outcome.phases.push(phase);
          if (d.EndpointStatus !== "Updating") break;
          await new Promise((r) => setTimeout(r, 250));
        }
        deploymentDone = true;
      };
      await Promise.all([deployment(), ...Array.from({ length: CLIENTS }, client)]);
      outcome.seconds = Math.round((Date.now() - started) / 1000);

      expect(outcome.failures.slice(0, 5)).toEqual([]);
      expect(outcome.unexpected.slice(0, 5)).toEqual([]);
      expect(v2BeforeStart).toBe(0);
      expect(outcome.answered.get(V1)).toBeGreaterThan(0);
      expect(outcome.answered.get(V2)).toBeGreaterThan(0);
      expect(outcome.phases).toEqual([`Updating ${V1} (pending ${V2})`, `InService ${V2}`]);
      expect(await waitForEndpoint(t.sagemaker(), ENDPOINT)).toBe("InService");
      const alarm = await t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }));
      expect(alarm.MetricAlarms?.[0]?.StateValue).toBe("OK");
    },
    MAX_LOAD_MS + 60_000,
  );

  it(
    "records Invocations equal to the requests answered, per variant and per variant and configuration, and no errors",
    { timeout: 60_000 },
    async () => {
      const v1 = outcome.answered.get(V1) ?? 0;
      const v2 = outcome.answered.get(V2) ?? 0;
      const expected = { variant: v1 + v2, [V1]: v1, [V2]: v2, "4XX": 0, "5XX": 0 };
      const counts = async () => ({
        variant: await invocations("Invocations"),
        [V1]: await invocations("Invocations", V1),
        [V2]: await invocations("Invocations", V2),
        "4XX": await invocations("Invocation4XXErrors"),
        "5XX": await invocations("Invocation5XXErrors"),
      });
      expect(await whenPublished(counts, expected)).toEqual(expected);
      expect(outcome.sent).toBe(v1 + v2);
    },
  );
});
