/**
 * How fast a guarded canary stops a faulty model, on the wall clock as the notebook runs it:
 * the emulator CLI as its own process (default provisioning steps of 1.5 s), a 1-instance
 * canary of 3 running the XGBoost image with the 009 linear-learner artifact (every answer a
 * 500), a 10-second Sum ≥ 1 alarm on Invocation5XXErrors, 20 requests/s sent open-loop, and
 * DescribeEndpoint polled every 100 ms. Figures per run, next to the targets:
 *   first 5XX → RollingBack  ≤ 12 s
 *   first 5XX → InService    (printed)
 *   blast radius (requests the canary answered) ≤ canary share × rate × (first 5XX → RollingBack) + 5
 *   npm run bench -- deployments
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  UpdateEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROW,
  XGBOOST_IMAGE,
  metricSum,
  startEmulatorProcess,
  type SdkClients,
} from "../support/emulator";
import { canaryConfig, variantAlarm } from "../support/deployment-config";
const RATE = 20;
const CANARY_SHARE = 1 / 3;
const RUNS = 3;

type Clients = ReturnType<typeof clientsOf>;

/** One client per service, reused by every call. */
const clientsOf = (c: SdkClients) => ({ sdk: c, s3: c.s3(), sm: c.sagemaker(), rt: c.runtime(), cw: c.cloudwatch() });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function untilStatus(c: Clients, endpoint: string, done: (status: string) => boolean): Promise<void> {
  while (!done((await c.sm.send(new DescribeEndpointCommand({ EndpointName: endpoint }))).EndpointStatus ?? ""))
    await sleep(100);
}

async function setUp(c: Clients): Promise<void> {
  await c.s3.send(new CreateBucketCommand({ Bucket: "models" }));
  for (const key of ["005-model.tar.gz", "009-model.tar.gz"])
    await c.s3.send(new PutObjectCommand({ Bucket: "models", Key: key, Body: readFileSync(join(DATA, key)) }));
  for (const [name, image, key] of [
    ["v1", LINEAR_LEARNER_IMAGE, "005"],
    ["bad", XGBOOST_IMAGE, "009"],
  ] as const) {
    await c.sm.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: image, ModelDataUrl: `s3://models/${key}-model.tar.gz` },
      }),
    );
    await c.sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
        ],
      }),
    );
  }
}

interface Run {
  toRollingBackS: number;
  toInServiceS: number;
  blastRadius: number;
  canaryInvocations: number;
  sent: number;
}

async function failingCanary(c: Clients, endpoint: string): Promise<Run> {
  await c.sm.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: "v1" }));
  await untilStatus(c, endpoint, (s) => s === "InService");
  const alarm = `bench-5xx-${endpoint}`;
  await c.cw.send(new PutMetricAlarmCommand(variantAlarm({ AlarmName: alarm, EndpointName: endpoint })));
  await c.sm.send(
    new UpdateEndpointCommand({
      EndpointName: endpoint,
      EndpointConfigName: "bad",
      DeploymentConfig: canaryConfig(60, { alarms: [alarm] }),
    }),
  );
  // Open loop: a request every 1/RATE s whatever the answers, as a steady client population would send.
  const failures: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const traffic = setInterval(() => {
    sent++;
    const request = c.rt
      .send(new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from(ROW), ContentType: "text/csv" }))
      .then(
        () => undefined,
        (e: unknown) => {
          if (e instanceof ModelError && e.OriginalStatusCode === 500) failures.push(Date.now());
          else throw e;
        },
      )
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, 1000 / RATE);
  let rollingBackAt = 0;
  try {
    await untilStatus(c, endpoint, (s) => {
      if (s === "RollingBack" && !rollingBackAt) rollingBackAt = Date.now();
      return s === "InService" && rollingBackAt > 0;
    });
  } finally {
    clearInterval(traffic);
  }
  const inServiceAt = Date.now();
  await Promise.all(inFlight);
  const first = Math.min(...failures);
  const canaryInvocations = await metricSum(c.sdk, endpoint, "AllTraffic", "Invocations", {
    EndpointConfigName: "bad",
  });
  return {
    toRollingBackS: (rollingBackAt - first) / 1000,
    toInServiceS: (inServiceAt - first) / 1000,
    blastRadius: failures.length,
    canaryInvocations,
    sent,
  };
}

export async function run(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "bench-deployments-"));
  // The CLI's own provisioning delay (1.5 s per step), as the notebook runs it.
  const emulator = await startEmulatorProcess(stateDir);
  try {
    const c = clientsOf(emulator);
    await setUp(c);
    console.log(
      `failing canary (1 of 3 instances, XGBoost image + 009 artifact), 10 s Sum ≥ 1 5XX alarm, ${RATE} requests/s, DescribeEndpoint every 100 ms`,
    );
    const fmt = (n: number) => n.toFixed(1).padStart(5);
    for (let i = 1; i <= RUNS; i++) {
      const r = await failingCanary(c, `bench-canary-${i}`);
      const bound = CANARY_SHARE * RATE * r.toRollingBackS + 5;
      console.log(
        `run ${i}: first 5XX → RollingBack ${fmt(r.toRollingBackS)} s (target ≤ 12 s)  · → InService ${fmt(r.toInServiceS)} s  · ` +
          `blast radius ${String(r.blastRadius).padStart(3)} requests (target ≤ ${bound.toFixed(0)}; canary Invocations metric ${r.canaryInvocations}) of ${r.sent} sent`,
      );
    }
  } finally {
    await emulator.kill("SIGTERM");
    rmSync(stateDir, { recursive: true, force: true });
  }
}
