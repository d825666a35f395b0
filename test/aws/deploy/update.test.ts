/**
 * updateEndpoint's wait for the rollback alarms: an alarm the old fleet keeps in ALARM never
 * clears, so a bounded wait sends the update anyway, and SageMaker stops it at once.
 */
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { updateEndpoint } from "../../../src/aws/deploy/update";
import { sendTraffic } from "../../../src/aws/traffic";
import { startSession, type SessionFixture } from "../../support/session";

const ENDPOINT = "noisy-endpoint";
const ALARM = "noisy-5xx";
let f: SessionFixture;

beforeAll(async () => {
  f = await startSession();
  const { clients, config } = f.session;
  for (const [model, Environment] of [
    // Every request fails: the old fleet keeps a Sum ≥ 1 alarm in ALARM as long as traffic flows.
    ["noisy", { GUARDRAILS_EMULATOR_ERROR_RATE: "1" }],
    ["good", undefined],
  ] as const) {
    await clients.sagemaker.send(
      new CreateModelCommand({
        ModelName: model,
        ExecutionRoleArn: config.roleArn,
        PrimaryContainer: { Image: config.images.linearLearner, ModelDataUrl: f.modelUri, Environment },
      }),
    );
    await clients.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: model,
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: model,
            InstanceType: "ml.m5.xlarge",
            InitialInstanceCount: 3,
            InitialVariantWeight: 1,
          },
        ],
        MetricsConfig: config.profile.metricsConfig,
      }),
    );
  }
  await clients.sagemaker.send(new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: "noisy" }));
  for (;;) {
    const d = await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ENDPOINT }));
    if (d.EndpointStatus === "InService") break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await clients.cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: ALARM,
      Namespace: "AWS/SageMaker",
      MetricName: "Invocation5XXErrors",
      Dimensions: [
        { Name: "EndpointName", Value: ENDPOINT },
        { Name: "VariantName", Value: "AllTraffic" },
      ],
      Statistic: "Sum",
      Period: 10,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
    }),
  );
}, 90_000);
afterAll(() => f.stop());

describe("updateEndpoint with alarmWaitLimitSeconds", () => {
  it("sends the update once the limit passes with the alarm still in ALARM; SageMaker stops it at once", async () => {
    const { clients } = f.session;
    // Traffic throughout, as from the endpoint's other callers: the old fleet's errors keep the alarm in ALARM.
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const background = sendTraffic(clients, ENDPOINT, f.session.payloads.rows, {
      requestsPerSecond: 20,
      until: stopped,
      progress: false,
    });
    for (;;) {
      const out = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }));
      if (out.MetricAlarms?.[0]?.StateValue === "ALARM") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const limitSeconds = 2;
    const verdict = await updateEndpoint(
      f.session,
      {
        EndpointName: ENDPOINT,
        EndpointConfigName: "good",
        DeploymentConfig: {
          BlueGreenUpdatePolicy: {
            TrafficRoutingConfiguration: {
              Type: "CANARY",
              CanarySize: { Type: "INSTANCE_COUNT", Value: 1 },
              WaitIntervalInSeconds: 10,
            },
            TerminationWaitInSeconds: 10,
            MaximumExecutionTimeoutInSeconds: 600,
          },
          AutoRollbackConfiguration: { Alarms: [{ AlarmName: ALARM }] },
        },
      },
      { alarmWaitLimitSeconds: limitSeconds },
    );
    stop();
    await background;
    const wait = verdict.alarmWait;
    expect(wait?.alarms).toEqual([ALARM]);
    expect((wait?.finishedAt ?? 0) - (wait?.startedAt ?? 0)).toBeGreaterThanOrEqual(limitSeconds * 1000);
    expect(wait?.timeline.every((o) => o.alarms[ALARM] === "ALARM")).toBe(true);
    // The traffic sent while waiting is kept with the verdict: every request failed on the old fleet.
    expect(wait?.traffic.length).toBeGreaterThan(0);
    expect(wait?.traffic.every((r) => !r.ok && r.originalStatusCode === 500)).toBe(true);
    expect(verdict.outcome).toBe("rolled back");
    expect(verdict.attached).toBe("noisy");
    expect(verdict.failureReason).toBe(
      `One or more configured alarm for automatic rollback deployment is in ALARM state: [${ALARM}].`,
    );
  }, 120_000);
});
