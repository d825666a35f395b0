/**
 * A canary guarded by an error-rate alarm on metric math – 100 × Invocation5XXErrors / Invocations
 * of the endpoint's variant, as SageMaker's guardrail documentation suggests – walked on a manual
 * clock with traffic running: the faulty fleet's 5XX answers raise the rate and the deployment
 * rolls back; version 2 answers everything and deploys.
 */
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { UpdateEndpointCommand } from "@aws-sdk/client-sagemaker";
import { canaryConfig } from "../../../support/deployment-config";
import { createEndpoint, fromFaultyFleet, publishMetrics, startFixture, walk, type DeploymentFixture } from "./fixture";

let f: DeploymentFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.t.stop());

/** The error rate of the endpoint's AllTraffic variant, in percent, per 10-second period. */
function errorRate(endpoint: string): MetricDataQuery[] {
  const metric = (Id: string, MetricName: string): MetricDataQuery => ({
    Id,
    MetricStat: {
      Metric: {
        Namespace: "AWS/SageMaker",
        MetricName,
        Dimensions: [
          { Name: "EndpointName", Value: endpoint },
          { Name: "VariantName", Value: "AllTraffic" },
        ],
      },
      Period: 10,
      Stat: "Sum",
    },
    ReturnData: false,
  });
  return [
    metric("m1", "Invocation5XXErrors"),
    metric("m2", "Invocations"),
    { Id: "e1", Expression: "100 * m1 / m2", Label: "5XX error rate (%)", ReturnData: true },
  ];
}

/** The endpoint on v1, a 5 % error-rate alarm on it, and an update to `target` with a one-instance canary guarded by it. */
async function deploy(endpoint: string, target: string) {
  await createEndpoint(f, endpoint, "v1");
  const AlarmName = `error-rate-${endpoint}`;
  await f.t.cloudwatch().send(
    new PutMetricAlarmCommand({
      AlarmName,
      Metrics: errorRate(endpoint),
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      ActionsEnabled: false,
    }),
  );
  const started = f.clock.now();
  await f.t.sagemaker().send(
    new UpdateEndpointCommand({
      EndpointName: endpoint,
      EndpointConfigName: target,
      DeploymentConfig: canaryConfig(20, { alarms: [AlarmName] }),
    }),
  );
  return { AlarmName, started, w: await walk(f, endpoint, { requestsPerPoll: 4 }) };
}

describe("a canary guarded by a metric-math error-rate alarm", () => {
  it("rolls back the fleet whose 5XX answers raise the error rate over the threshold", async () => {
    const { AlarmName, started, w } = await deploy("rate-bad", "bad");
    expect([...new Set(w.polls.map((d) => d.EndpointStatus))]).toEqual(["Updating", "RollingBack", "InService"]);
    expect(w.polls.at(-1)).toMatchObject({
      EndpointStatus: "InService",
      EndpointConfigName: "v1",
      FailureReason: `One or more configured alarm for automatic rollback deployment is in ALARM state: [${AlarmName}].`,
    });
    expect(w.failures.length).toBeGreaterThan(0);
    expect(w.failures.filter((e) => !fromFaultyFleet(e))).toEqual([]);

    // The rate the alarm saw is the one GetMetricData computes from the same queries.
    const alarm = (await f.t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [AlarmName] })))
      .MetricAlarms![0]!;
    const reason = JSON.parse(alarm.StateReasonData!) as {
      evaluatedDatapoints: { timestamp: string; value: number }[];
    };
    const [breach] = reason.evaluatedDatapoints;
    expect(breach!.value).toBeGreaterThan(5);
    publishMetrics(f);
    const rates = await f.t.cloudwatch().send(
      new GetMetricDataCommand({
        StartTime: new Date(started - 60_000),
        EndTime: new Date(f.clock.now()),
        MetricDataQueries: errorRate("rate-bad"),
      }),
    );
    const [series] = rates.MetricDataResults!;
    const at = series!.Timestamps!.findIndex(
      (t) => t.getTime() === Date.parse(breach!.timestamp.replace("+0000", "Z")),
    );
    expect(series!.Values![at]).toBe(breach!.value);
    expect(Math.max(...series!.Values!)).toBeLessThan(100);
  });

  it("deploys version 2, whose error rate stays at 0", async () => {
    const { AlarmName, w } = await deploy("rate-good", "v2");
    expect(w.polls.at(-1)).toMatchObject({ EndpointStatus: "InService", EndpointConfigName: "v2" });
    expect(w.polls.at(-1)!.FailureReason).toBeUndefined();
    expect(w.failures).toEqual([]);
    const alarm = (await f.t.cloudwatch().send(new DescribeAlarmsCommand({ AlarmNames: [AlarmName] })))
      .MetricAlarms![0]!;
    expect(alarm.StateValue).toBe("OK");
  });
});
