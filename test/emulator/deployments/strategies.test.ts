/**
 * UpdateEndpoint for each strategy, walked on a manual clock with traffic running: a deployment
 * of version 2 that succeeds, and one of the XGBoost image with the 009 artifact (every request
 * it answers is a 500) that the 5XX alarm rolls back.
 */
import { DescribeAlarmHistoryCommand } from "@aws-sdk/client-cloudwatch";
import { UpdateEndpointCommand, type DeploymentConfig, type TrafficRoutingConfig } from "@aws-sdk/client-sagemaker";
import { LINEAR_LEARNER_IMAGE, metricSum } from "../../../support/emulator";
import { autoRollback, blueGreenConfig, canaryConfig } from "../../../support/deployment-config";
import {
  alarmName,
  createAlarms,
  createEndpoint,
  fromFaultyFleet,
  publishMetrics,
  startFixture,
  walk,
  type DeploymentFixture,
} from "./fixture";

let f: DeploymentFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.t.stop());

const blueGreen = (routing: TrafficRoutingConfig, alarms: readonly string[], terminationWait = 10) =>
  blueGreenConfig(routing, { alarms, terminationWait });

const launching = (n: number) => `Updating · pending AllTraffic Creating: Launching ${n} instance(s).`;
const activating = (capacity: string, n: number) =>
  `Updating · pending AllTraffic ActivatingTraffic: Activating traffic on ${capacity} capacity of ${n} instance(s).`;
const baking = (s: number, capacity: string, n: number) =>
  `Updating · pending AllTraffic Baking: Baking for ${s} seconds (TerminationWaitInSeconds) with traffic enabled on ${capacity} capacity of ${n} instance(s).`;
const terminatingBlue = (n: number) => `Updating · AllTraffic Deleting: Terminating ${n} instance(s).`;

const STRATEGIES: Record<
  string,
  { config: (alarms: readonly string[]) => DeploymentConfig; phases: string[]; canaryInstances: number }
> = {
  ALL_AT_ONCE: {
    // The only bake must outlast a 10-second period plus the publication delay, or the alarm
    // would learn of the first 5XX answers after the point of no return (as it would on AWS).
    config: (alarms) => blueGreen({ Type: "ALL_AT_ONCE", WaitIntervalInSeconds: 0 }, alarms, 20),
    phases: [launching(3), activating("full", 3), baking(20, "full", 3), terminatingBlue(3)],
    canaryInstances: 3,
  },
  CANARY: {
    config: (alarms) => canaryConfig(20, { alarms }),
    phases: [
      launching(3),
      activating("canary", 1),
      baking(20, "canary", 1),
      activating("full", 3),
      baking(10, "full", 3),
      terminatingBlue(3),
    ],
    canaryInstances: 3,
  },
  LINEAR: {
    config: (alarms) =>
      blueGreen(
        { Type: "LINEAR", LinearStepSize: { Type: "CAPACITY_PERCENT", Value: 34 }, WaitIntervalInSeconds: 20 },
        alarms,
      ),
    phases: [
      launching(3),
      activating("partial", 1),
      baking(20, "partial", 1),
      activating("partial", 2),
      baking(20, "partial", 2),
      activating("full", 3),
      baking(10, "full", 3),
      terminatingBlue(3),
    ],
    canaryInstances: 3,
  },
  ROLLING: {
    config: (alarms) => ({
      RollingUpdatePolicy: {
        MaximumBatchSize: { Type: "INSTANCE_COUNT", Value: 1 },
        WaitIntervalInSeconds: 20,
        MaximumExecutionTimeoutInSeconds: 600,
      },
      AutoRollbackConfiguration: autoRollback(alarms),
    }),
    phases: [
      ...[1, 2].flatMap((k) => [launching(1), activating("partial", k), baking(20, "partial", k), terminatingBlue(1)]),
      ...[launching(1), activating("full", 3), baking(20, "full", 3), terminatingBlue(1)],
    ],
    // A rolling update launches one batch: that is what the rollback terminates.
    canaryInstances: 1,
  },
};

const slug = (strategy: string) => strategy.toLowerCase().replace(/_/g, "-");

/** A sum once everything sent so far is published. */
function invocations(endpoint: string, MetricName: string, EndpointConfigName: string): Promise<number> {
  publishMetrics(f);
  return metricSum(f.t, endpoint, "AllTraffic", MetricName, { EndpointConfigName, now: f.clock.now() });
}

describe.each(Object.keys(STRATEGIES))("%s", (strategy) => {
  const { config, phases, canaryInstances } = STRATEGIES[strategy]!;

  /** The endpoint on v1 with the notebook's alarms, updated to `target` with this strategy and walked to the end. */
  async function update(endpoint: string, target: string, requestsPerPoll: number) {
    await createEndpoint(f, endpoint, "v1");
    const deploymentConfig = config(await createAlarms(f.t, endpoint));
    await f.t.sagemaker().send(
      new UpdateEndpointCommand({
        EndpointName: endpoint,
        EndpointConfigName: target,
        DeploymentConfig: deploymentConfig,
      }),
    );
    return { deploymentConfig, w: await walk(f, endpoint, { requestsPerPoll }) };
  }

  it("deploys version 2: the poller sees every phase, no request fails, the endpoint ends InService on the new config", async () => {
    const endpoint = `ok-${slug(strategy)}`;
    const { deploymentConfig, w } = await update(endpoint, "v2", 2);
    expect(w.phases).toEqual([...phases, "InService"]);
    expect(w.failures).toEqual([]);
    const d = w.polls.at(-1)!;
    expect(d).toMatchObject({
      EndpointStatus: "InService",
      EndpointConfigName: "v2",
      LastDeploymentConfig: deploymentConfig,
    });
    expect(d.FailureReason).toBeUndefined();
    expect(d.PendingDeploymentSummary).toBeUndefined();
    expect(d.ProductionVariants).toEqual([
      {
        VariantName: "AllTraffic",
        DeployedImages: [
          {
            SpecifiedImage: LINEAR_LEARNER_IMAGE,
            ResolvedImage: expect.stringMatching(/linear-learner@sha256:[0-9a-f]{64}$/) as unknown,
            ResolutionTime: expect.any(Date) as unknown,
          },
        ],
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 3,
        DesiredInstanceCount: 3,
      },
    ]);
    // Both fleets answered, and each request counts once, under the config of the fleet that answered it.
    const [v1, v2] = [
      await invocations(endpoint, "Invocations", "v1"),
      await invocations(endpoint, "Invocations", "v2"),
    ];
    expect(v1).toBeGreaterThan(0);
    expect(v2).toBeGreaterThan(0);
    expect(v1 + v2).toBe(w.answered);
  });

  it("rolls back the XGBoost image with the 009 artifact when its 5XX answers set off the 5XX alarm", async () => {
    const endpoint = `bad-${slug(strategy)}`;
    const { deploymentConfig, w } = await update(endpoint, "bad", 4);
    expect([...new Set(w.polls.map((d) => d.EndpointStatus))]).toEqual(["Updating", "RollingBack", "InService"]);
    expect(w.phases.slice(-3)).toEqual([
      "RollingBack · AllTraffic ActivatingTraffic: Activating traffic on full capacity of 3 instance(s).",
      `RollingBack · pending AllTraffic Deleting: Terminating ${canaryInstances} instance(s).`,
      "InService",
    ]);
    const d = w.polls.at(-1)!;
    expect(d).toMatchObject({
      EndpointStatus: "InService",
      EndpointConfigName: "v1",
      FailureReason: `One or more configured alarm for automatic rollback deployment is in ALARM state: [${alarmName("5XXErrors", endpoint)}].`,
      LastDeploymentConfig: deploymentConfig,
    });
    expect(d.PendingDeploymentSummary).toBeUndefined();
    // Only the faulty fleet's own answers failed, and the metrics count exactly those.
    expect(w.failures.length).toBeGreaterThan(0);
    expect(w.failures.filter((e) => !fromFaultyFleet(e))).toEqual([]);
    expect(await invocations(endpoint, "Invocation5XXErrors", "bad")).toBe(w.failures.length);
    expect(await invocations(endpoint, "Invocations", "bad")).toBe(w.failures.length);
    expect(await invocations(endpoint, "Invocation5XXErrors", "v1")).toBe(0);
    const history = await f.t.cloudwatch().send(
      new DescribeAlarmHistoryCommand({
        AlarmName: alarmName("5XXErrors", endpoint),
        HistoryItemType: "StateUpdate",
      }),
    );
    expect(history.AlarmHistoryItems?.some((h) => h.HistorySummary?.endsWith("to ALARM"))).toBe(true);
  });
});
