/**
 * A rehearsal at AWS's own timings on a faster emulator clock: the same canaries (minute metrics,
 * 60-second alarm, 120-second canary bake, 60-second final bake) at ×10 and ×30 reach the same
 * verdicts, and their durations, timed by the notebook's clients on the emulator's clock, agree
 * within one alarm period.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  UpdateEndpointCommand,
  type DeploymentConfig,
} from "@aws-sdk/client-sagemaker";
import { makeClients, type Clients } from "../../src/aws/clients";
import { trafficDuring } from "../../src/aws/traffic";
import { canaryConfig, variantAlarm } from "../../support/deployment-config";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  LOCAL_KEYS,
  ROLE,
  ROWS,
  XGBOOST_IMAGE,
  startTestEmulator,
  type TestEmulator,
} from "../../support/emulator";

const ALARM_PERIOD_S = 60;
const ENDPOINT = "weather";
const ALARM = "TestAlarm-5XXErrors-weather";

/** An emulator at `scale` with v1, v2 and a model whose container answers 500, and an endpoint on v1. */
async function rehearsal(scale: number): Promise<{ t: TestEmulator; clients: Clients }> {
  const t = await startTestEmulator({ timeScale: scale, provisioningDelayMs: 1000 });
  const clients = makeClients({ region: t.emulator.region, endpoint: t.emulator.url, credentials: LOCAL_KEYS });
  await clients.s3.send(new CreateBucketCommand({ Bucket: "models" }));
  for (const key of ["005-model.tar.gz", "009-model.tar.gz"])
    await clients.s3.send(new PutObjectCommand({ Bucket: "models", Key: key, Body: readFileSync(join(DATA, key)) }));
  const models = {
    v1: [LINEAR_LEARNER_IMAGE, "005-model.tar.gz"],
    v2: [LINEAR_LEARNER_IMAGE, "009-model.tar.gz"],
    bad: [XGBOOST_IMAGE, "009-model.tar.gz"],
  };
  for (const [name, [Image, key]] of Object.entries(models)) {
    await clients.sagemaker.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image, ModelDataUrl: `s3://models/${key}` },
      }),
    );
    // Standard endpoint configs: SageMaker publishes their invocation metrics once a minute.
    await clients.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
        ],
      }),
    );
  }
  await clients.cloudwatch.send(
    new PutMetricAlarmCommand({
      ...variantAlarm({ AlarmName: ALARM, EndpointName: ENDPOINT }),
      Period: ALARM_PERIOD_S,
      ActionsEnabled: false,
    }),
  );
  await clients.sagemaker.send(new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: "v1" }));
  await settled(clients);
  return { t, clients };
}

const describe_ = (clients: Clients) => clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ENDPOINT }));

const TRANSITIONAL = new Set(["Creating", "Updating", "RollingBack", "SystemUpdating"]);

/** Polls (every 2 s of the emulator's time) until the endpoint is no longer in transition. */
async function settled(clients: Clients) {
  for (;;) {
    const d = await describe_(clients);
    if (!TRANSITIONAL.has(d.EndpointStatus ?? "")) return d;
    await clients.clock.sleep(2000);
  }
}

interface Verdict {
  serving?: string;
  failureReason?: string;
  /** From UpdateEndpoint to the endpoint settled, in the emulator's seconds. */
  seconds: number;
}

/** Updates to `config` with traffic at 2 requests per emulator second until it settles. */
async function deploy(clients: Clients, config: string, deployment: DeploymentConfig): Promise<Verdict> {
  // Every run starts 5 s into a minute of the emulator's clock, so runs differ by their scale only,
  // not by where in CloudWatch's minute they happened to start.
  const intoMinute = clients.clock.now() % 60_000;
  await clients.clock.sleep((65_000 - intoMinute) % 60_000);
  const started = clients.clock.now();
  await clients.sagemaker.send(
    new UpdateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: config, DeploymentConfig: deployment }),
  );
  const { result: d } = await trafficDuring(clients, ENDPOINT, ROWS, 2, () => settled(clients));
  return {
    serving: d.EndpointConfigName,
    failureReason: d.FailureReason,
    seconds: (clients.clock.now() - started) / 1000,
  };
}

const CANARY = canaryConfig(120, { terminationWait: 60, timeout: 1800, alarms: [ALARM] });

async function canaries(scale: number): Promise<{ good: Verdict; bad: Verdict; scale: number }> {
  const { t, clients } = await rehearsal(scale);
  try {
    const good = await deploy(clients, "v2", CANARY);
    const bad = await deploy(clients, "bad", CANARY);
    return { good, bad, scale: clients.clock.scale };
  } finally {
    await t.stop();
  }
}

describe("a canary rehearsed at AWS's timings on the emulator's faster clock", () => {
  it("reaches the same verdicts at ×10 and ×30, in durations that agree within one alarm period", async () => {
    const slow = await canaries(10);
    const fast = await canaries(30);
    // The figures, for the record (the README's table of scales).
    for (const run of [slow, fast])
      console.log(
        `×${run.scale}: good ${run.good.serving} in ${run.good.seconds} s, ` +
          `bad → ${run.bad.failureReason ? "rolled back" : "promoted"} in ${run.bad.seconds} s (emulator seconds)`,
      );
    expect([slow.scale, fast.scale]).toEqual([10, 30]);
    for (const run of [slow, fast]) {
      expect(run.good.serving).toBe("v2");
      expect(run.good.failureReason).toBeUndefined();
      expect(run.bad.serving).toBe("v2");
      expect(run.bad.failureReason).toBe(
        `One or more configured alarm for automatic rollback deployment is in ALARM state: [${ALARM}].`,
      );
      // Launch, activation, the 120 s bake, the shift, the 60 s final bake and termination.
      expect(run.good.seconds).toBeGreaterThanOrEqual(180);
    }
    expect(Math.abs(slow.good.seconds - fast.good.seconds)).toBeLessThanOrEqual(ALARM_PERIOD_S);
    expect(Math.abs(slow.bad.seconds - fast.bad.seconds)).toBeLessThanOrEqual(ALARM_PERIOD_S);
  }, 600_000);
});
