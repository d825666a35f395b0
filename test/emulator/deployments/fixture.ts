/**
 * What the deployment suites share: an emulator on a manual clock with the notebook's models
 * (linear-learner 005 = version 1, 009 = version 2, and the XGBoost image with the 009 artifact,
 * whose container answers every request with a 500), 3-instance AllTraffic configurations, the
 * notebook's three rollback alarms, and a poller that walks the clock, sends traffic and records
 * what DescribeEndpoint shows at each poll.
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
  type DeploymentConfig,
  type DescribeEndpointOutput,
  type MetricsConfig,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { ManualClock } from "../../../src/emulator/clock";
import type { EmulatorOptions } from "../../../src/emulator/server";
import { variantAlarm } from "../../../support/deployment-config";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROW,
  XGBOOST_IMAGE,
  eventually,
  publishInvocationMetrics,
  startTestEmulator,
  type TestEmulator,
} from "../../../support/emulator";

export { ROW };
/** One provisioning step (Creating, a deployment's launch, activation or termination). */
export const STEP_MS = 1000;

export interface DeploymentFixture {
  t: TestEmulator;
  clock: ManualClock;
}

/** Models v1, v2, bad (XGBoost image, linear-learner artifact) and broken (not a tar.gz); configs of 3 instances each, enhanced metrics every 10 s. */
export async function startFixture(
  options: Partial<Pick<EmulatorOptions, "stateDir" | "quotas">> = {},
): Promise<DeploymentFixture> {
  const clock = new ManualClock();
  const t = await startTestEmulator({ clock, provisioningDelayMs: STEP_MS, ...options });
  const s3 = t.s3();
  await s3.send(new CreateBucketCommand({ Bucket: "models" }));
  await s3.send(
    new PutObjectCommand({
      Bucket: "models",
      Key: "005-model.tar.gz",
      Body: readFileSync(join(DATA, "005-model.tar.gz")),
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: "models",
      Key: "009-model.tar.gz",
      Body: readFileSync(join(DATA, "009-model.tar.gz")),
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: "models", Key: "not-an-archive.tar.gz", Body: "plain text" }));
  const models = {
    v1: [LINEAR_LEARNER_IMAGE, "005-model.tar.gz"],
    v2: [LINEAR_LEARNER_IMAGE, "009-model.tar.gz"],
    bad: [XGBOOST_IMAGE, "009-model.tar.gz"],
    broken: [LINEAR_LEARNER_IMAGE, "not-an-archive.tar.gz"],
  };
  const sm = t.sagemaker();
  for (const [name, [Image, key]] of Object.entries(models)) {
    await sm.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image, ModelDataUrl: `s3://models/${key}` },
      }),
    );
    await createConfig(t, name, name);
  }
  return { t, clock };
}

/**
 * Enhanced metrics published every 10 s: what the 10-second rollback alarms need to see each
 * period's data (with the default 60 s they would see one period in six, as on AWS).
 */
export const ENHANCED_10S: MetricsConfig = { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 };

/**
 * Walks the clock through one 10-second interval and the publication delay, so every invocation
 * so far is in CloudWatch – what a reader must wait for before the counts are final.
 */
export const publishMetrics = ({ clock }: DeploymentFixture): void => publishInvocationMetrics(clock, 10);

export async function createConfig(
  t: TestEmulator,
  EndpointConfigName: string,
  ModelName: string,
  {
    instances = 3,
    variant = "AllTraffic",
    metrics = ENHANCED_10S,
  }: { instances?: number; variant?: string; metrics?: MetricsConfig } = {},
): Promise<void> {
  await t.sagemaker().send(
    new CreateEndpointConfigCommand({
      EndpointConfigName,
      ProductionVariants: [
        { VariantName: variant, ModelName, InitialInstanceCount: instances, InstanceType: "ml.m5.large" },
      ],
      MetricsConfig: metrics,
    }),
  );
}

/** Creates the endpoint on `config` and walks the clock until it is InService. */
export async function createEndpoint(
  { t, clock }: DeploymentFixture,
  name: string,
  config: string,
  deploymentConfig?: DeploymentConfig,
): Promise<void> {
  await t
    .sagemaker()
    .send(
      new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: config, DeploymentConfig: deploymentConfig }),
    );
  clock.advance(STEP_MS);
  const d = await eventually(async () => {
    const out = await describeEndpoint(t, name);
    return out.EndpointStatus === "Creating" ? undefined : out;
  });
  expect(d.EndpointStatus).toBe("InService");
}

export const describeEndpoint = (t: TestEmulator, EndpointName: string) =>
  t.sagemaker().send(new DescribeEndpointCommand({ EndpointName }));

export const alarmName = (kind: "5XXErrors" | "4XXErrors" | "ModelLatency", endpoint: string) =>
  `TestAlarm-${kind}-${endpoint}`;

/** The notebook's three rollback alarms on the endpoint's AllTraffic variant (10-second periods). */
export async function createAlarms(t: TestEmulator, endpoint: string): Promise<string[]> {
  const alarms = [
    ["5XXErrors", "Invocation5XXErrors", "Sum", 1],
    ["4XXErrors", "Invocation4XXErrors", "Sum", 1],
    // Microseconds: 10 s, far above any model here however busy the machine (a tighter bound measures the load).
    ["ModelLatency", "ModelLatency", "Average", 10_000_000],
  ] as const;
  for (const [kind, MetricName, Statistic, Threshold] of alarms) {
    await t.cloudwatch().send(
      new PutMetricAlarmCommand({
        ...variantAlarm({
          AlarmName: alarmName(kind, endpoint),
          EndpointName: endpoint,
          MetricName,
          Statistic,
          Threshold,
        }),
        ActionsEnabled: false,
      }),
    );
  }
  return alarms.map(([kind]) => alarmName(kind, endpoint));
}

/** What a poller sees: the status, then each variant status message (pending deployment first). */
export function phase(d: DescribeEndpointOutput): string {
  const statuses = [
    ...(d.PendingDeploymentSummary?.ProductionVariants ?? []).map(
      (v) => ["pending " + v.VariantName, v.VariantStatus] as const,
    ),
    ...(d.ProductionVariants ?? []).map((v) => [v.VariantName, v.VariantStatus] as const),
  ].flatMap(([where, list]) => (list ?? []).map((s) => ` · ${where} ${s.Status}: ${s.StatusMessage}`));
  return `${d.EndpointStatus}${statuses.join("")}`;
}

export interface Walk {
  /** Distinct phases in the order the poller saw them. */
  phases: string[];
  /** Every DescribeEndpoint output, one per poll. */
  polls: DescribeEndpointOutput[];
  answered: number;
  failures: Error[];
}

/**
 * Polls DescribeEndpoint every `pollMs` of the manual clock, sending `requestsPerPoll` requests
 * before each poll, until `done` holds (default: InService again after a transition).
 */
export async function walk(
  { t, clock }: DeploymentFixture,
  endpoint: string,
  options: {
    requestsPerPoll?: number;
    pollMs?: number;
    done?: (d: DescribeEndpointOutput) => boolean;
    maxMs?: number;
  } = {},
): Promise<Walk> {
  const {
    requestsPerPoll = 0,
    pollMs = 500,
    done = (d) => d.EndpointStatus === "InService",
    maxMs = 3_600_000,
  } = options;
  const result: Walk = { phases: [], polls: [], answered: 0, failures: [] };
  const started = clock.now();
  const runtime = t.runtime();
  for (;;) {
    for (let i = 0; i < requestsPerPoll; i++) {
      await runtime
        .send(new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from(ROW), ContentType: "text/csv" }))
        .then(
          () => result.answered++,
          (e: Error) => result.failures.push(e),
        );
    }
    const d = await describeEndpoint(t, endpoint);
    result.polls.push(d);
    const p = phase(d);
    if (result.phases.at(-1) !== p) result.phases.push(p);
    if (done(d)) return result;
    if (clock.now() - started > maxMs) throw new Error(`still ${p} after ${maxMs} ms of simulated time`);
    clock.advance(pollMs);
  }
}

/** True for the canary's own answers: a ModelError carrying the XGBoost container's 500. */
export const fromFaultyFleet = (e: Error) =>
  e instanceof ModelError && e.OriginalStatusCode === 500 && /^Unable to load model: /.test(e.OriginalMessage ?? "");
