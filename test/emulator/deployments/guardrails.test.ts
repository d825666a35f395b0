/**
 * The guardrails around UpdateEndpoint: what DescribeEndpoint shows mid-canary and during a
 * deployment to a shadow config, an alarm already firing, a fleet that cannot start, the execution
 * timeout, RetainDeploymentConfig, updates refused while busy, a plain update, and a deployment
 * that survives a restart.
 */
import { SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DeleteEndpointCommand,
  UpdateEndpointCommand,
  type DeploymentConfig,
  type DescribeEndpointOutput,
} from "@aws-sdk/client-sagemaker";
import { LINEAR_LEARNER_IMAGE, failure, startTestEmulator, tempStateDir } from "../../../support/emulator";
import { canaryConfig } from "../../../support/deployment-config";
import {
  STEP_MS,
  alarmName,
  createAlarms,
  createConfig,
  createEndpoint,
  describeEndpoint,
  startFixture,
  walk,
  type DeploymentFixture,
} from "./fixture";

let f: DeploymentFixture;
const stateDir = tempStateDir();
beforeAll(async () => {
  f = await startFixture({ stateDir });
});
afterAll(() => f.t.stop());

const canary = (alarms: readonly string[], wait = 20, terminationWait = 10, timeout = 600) =>
  canaryConfig(wait, { alarms, terminationWait, timeout });

const update = (
  EndpointName: string,
  EndpointConfigName: string,
  extra: Partial<ConstructorParameters<typeof UpdateEndpointCommand>[0]> = {},
) => f.t.sagemaker().send(new UpdateEndpointCommand({ EndpointName, EndpointConfigName, ...extra }));

const ARN = (name: string) => `arn:aws:sagemaker:us-east-1:000000000000:endpoint/${name}`;

describe("DescribeEndpoint during a canary", () => {
  it("shows the serving config, the pending one, and each fleet's instances, weight share and status", async () => {
    await createEndpoint(f, "mid-canary", "v1");
    const config = canary(await createAlarms(f.t, "mid-canary"));
    const started = f.clock.now();
    await update("mid-canary", "v2", { DeploymentConfig: config });
    const w = await walk(f, "mid-canary", {
      done: (d) => d.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status === "Baking",
    });
    const d = w.polls.at(-1)!;
    expect(d).toMatchObject({ EndpointStatus: "Updating", EndpointConfigName: "v1", LastDeploymentConfig: config });
    expect(d.ProductionVariants).toEqual([
      {
        VariantName: "AllTraffic",
        DeployedImages: expect.any(Array) as unknown,
        CurrentWeight: 1 - 1 / 3,
        DesiredWeight: 1,
        CurrentInstanceCount: 3,
        DesiredInstanceCount: 3,
      },
    ]);
    const activated = w.polls.find(
      (p) => p.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status === "ActivatingTraffic",
    )!;
    const bakeStart =
      activated.PendingDeploymentSummary!.ProductionVariants![0]!.VariantStatus![0]!.StartTime!.getTime() + STEP_MS;
    expect(d.PendingDeploymentSummary).toEqual({
      EndpointConfigName: "v2",
      StartTime: new Date(started),
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          DeployedImages: [
            expect.objectContaining({ SpecifiedImage: expect.stringContaining("linear-learner") as unknown }),
          ],
          CurrentWeight: 1 / 3,
          DesiredWeight: 1,
          CurrentInstanceCount: 3,
          DesiredInstanceCount: 3,
          InstanceType: "ml.m5.large",
          VariantStatus: [
            {
              Status: "Baking",
              StatusMessage:
                "Baking for 20 seconds (TerminationWaitInSeconds) with traffic enabled on canary capacity of 1 instance(s).",
              StartTime: new Date(bakeStart),
            },
          ],
        },
      ],
    });
    await walk(f, "mid-canary");
  });
});

describe("DescribeEndpoint during a deployment to a shadow config", () => {
  it("lists the new config's shadow variants in PendingDeploymentSummary, with their instances once the new fleet is up", async () => {
    await createEndpoint(f, "to-shadow", "v1");
    const shadow = {
      VariantName: "Shadow",
      ModelName: "v1",
      InitialInstanceCount: 1,
      InstanceType: "ml.m5.large" as const,
    };
    await f.t.sagemaker().send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "v2-shadowed",
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: "v2", InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
        ],
        ShadowProductionVariants: [shadow],
      }),
    );
    await update("to-shadow", "v2-shadowed");
    const pendingShadows = (d: DescribeEndpointOutput) => d.PendingDeploymentSummary?.ShadowProductionVariants;
    const launching = await describeEndpoint(f.t, "to-shadow");
    expect(launching.ShadowProductionVariants).toBeUndefined();
    expect(pendingShadows(launching)).toEqual([
      {
        VariantName: "Shadow",
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 0,
        DesiredInstanceCount: 1,
        InstanceType: "ml.m5.large",
      },
    ]);
    const w = await walk(f, "to-shadow", {
      done: (d) =>
        d.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status === "ActivatingTraffic",
    });
    expect(pendingShadows(w.polls.at(-1)!)).toEqual([
      {
        VariantName: "Shadow",
        DeployedImages: [
          {
            SpecifiedImage: LINEAR_LEARNER_IMAGE,
            ResolvedImage: expect.stringMatching(/linear-learner@sha256:[0-9a-f]{64}$/) as unknown,
            ResolutionTime: expect.any(Date) as unknown,
          },
        ],
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
        InstanceType: "ml.m5.large",
      },
    ]);
    const d = (await walk(f, "to-shadow")).polls.at(-1)!;
    expect(d.PendingDeploymentSummary).toBeUndefined();
    expect(d.ShadowProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount])).toEqual([["Shadow", 1]]);
  });
});

describe("rollbacks", () => {
  it("stops a deployment at once when an alarm is already in ALARM as the update starts", async () => {
    await createEndpoint(f, "already-firing", "v1");
    const alarms = await createAlarms(f.t, "already-firing");
    await f.t
      .cloudwatch()
      .send(new SetAlarmStateCommand({ AlarmName: alarms[1]!, StateValue: "ALARM", StateReason: "drill" }));
    await update("already-firing", "v2", { DeploymentConfig: canary(alarms) });
    const w = await walk(f, "already-firing", { requestsPerPoll: 2 });
    expect(w.phases).toEqual(["RollingBack · pending AllTraffic Deleting: Terminating 3 instance(s).", "InService"]);
    expect(w.polls.at(-1)).toMatchObject({
      EndpointConfigName: "v1",
      FailureReason: `One or more configured alarm for automatic rollback deployment is in ALARM state: [${alarmName("4XXErrors", "already-firing")}].`,
    });
    expect(w.failures).toEqual([]);
  });

  it("rolls back a new fleet that cannot start, with the fleet's own FailureReason", async () => {
    await createEndpoint(f, "cannot-start", "v1");
    await update("cannot-start", "broken", { DeploymentConfig: canary(await createAlarms(f.t, "cannot-start")) });
    const w = await walk(f, "cannot-start", { requestsPerPoll: 2 });
    expect(w.phases).toEqual([
      "Updating · pending AllTraffic Creating: Launching 3 instance(s).",
      "RollingBack · pending AllTraffic Deleting: Terminating 3 instance(s).",
      "InService",
    ]);
    expect(w.polls.at(-1)).toMatchObject({
      EndpointConfigName: "v1",
      FailureReason:
        'Failed to extract model data archive for container "container_1" from URL "s3://models/not-an-archive.tar.gz". Please ensure that the object located at the URL is a valid tar.gz archive.',
    });
    expect(w.failures).toEqual([]);
  });

  it("rolls back a deployment that runs past MaximumExecutionTimeoutInSeconds", async () => {
    await createEndpoint(f, "too-slow", "v1");
    // 300 + 299 s of bakes fit in 600 s, the three provisioning steps around them do not.
    await update("too-slow", "v2", { DeploymentConfig: canary(await createAlarms(f.t, "too-slow"), 300, 299, 600) });
    const started = f.clock.now();
    await walk(f, "too-slow", { pollMs: 10_000, done: () => f.clock.now() - started >= 590_000 });
    const w = await walk(f, "too-slow");
    expect(w.phases.slice(-3)).toEqual([
      "RollingBack · AllTraffic ActivatingTraffic: Activating traffic on full capacity of 3 instance(s).",
      "RollingBack · pending AllTraffic Deleting: Terminating 3 instance(s).",
      "InService",
    ]);
    const rollingBack = w.polls.find((d) => d.EndpointStatus === "RollingBack")!;
    expect(rollingBack.LastModifiedTime).toEqual(new Date(started + 600_000));
    expect(w.polls.at(-1)).toMatchObject({
      EndpointConfigName: "v1",
      FailureReason: "The deployment did not complete within MaximumExecutionTimeoutInSeconds (600 seconds).",
    });
  });

  it("clears FailureReason with the next successful update", async () => {
    // The 4XX alarm forced to ALARM above returns to OK at its next evaluation.
    f.clock.advance(10_000);
    await update("already-firing", "v2", { DeploymentConfig: canary(await createAlarms(f.t, "already-firing")) });
    const w = await walk(f, "already-firing", { requestsPerPoll: 1 });
    expect(w.polls.at(-1)!.FailureReason).toBeUndefined();
    expect(w.polls.at(-1)).toMatchObject({ EndpointStatus: "InService", EndpointConfigName: "v2" });
  });
});

describe("RetainDeploymentConfig", () => {
  it("deploys with the DeploymentConfig given at CreateEndpoint, then with the last update's", async () => {
    const alarms = ["TestAlarm-5XXErrors-retained"];
    const atCreation = canary(alarms, 30);
    await createEndpoint(f, "retained", "v1", atCreation);
    expect((await describeEndpoint(f.t, "retained")).LastDeploymentConfig).toEqual(atCreation);
    await update("retained", "v2", { RetainDeploymentConfig: true });
    const first = await walk(f, "retained");
    expect(first.phases).toContain(
      "Updating · pending AllTraffic Baking: Baking for 30 seconds (TerminationWaitInSeconds) with traffic enabled on canary capacity of 1 instance(s).",
    );
    const linear: DeploymentConfig = {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: "LINEAR",
          LinearStepSize: { Type: "INSTANCE_COUNT", Value: 1 },
          WaitIntervalInSeconds: 5,
        },
      },
    };
    await update("retained", "v1", { DeploymentConfig: linear });
    await walk(f, "retained");
    await update("retained", "v2", { RetainDeploymentConfig: true });
    const again = await walk(f, "retained");
    expect(again.phases).toContain(
      "Updating · pending AllTraffic Baking: Baking for 5 seconds (TerminationWaitInSeconds) with traffic enabled on partial capacity of 2 instance(s).",
    );
    expect(again.polls.at(-1)).toMatchObject({ EndpointConfigName: "v2", LastDeploymentConfig: linear });
  });

  it("refuses RetainDeploymentConfig together with a DeploymentConfig", async () => {
    const e = await failure(
      update("retained", "v1", {
        RetainDeploymentConfig: true,
        DeploymentConfig: canary(["TestAlarm-5XXErrors-retained"]),
      }),
    );
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe("DeploymentConfig cannot be specified when RetainDeploymentConfig is true.");
  });
});

describe("an update without DeploymentConfig", () => {
  it("shifts all traffic at once with no bake, may rename variants, and leaves LastDeploymentConfig alone", async () => {
    await createConfig(f.t, "v2-renamed", "v2", { instances: 2, variant: "Renamed" });
    await update("retained", "v2-renamed");
    const w = await walk(f, "retained", { requestsPerPoll: 2 });
    expect(w.phases).toEqual([
      "Updating · pending Renamed Creating: Launching 2 instance(s).",
      "Updating · pending Renamed ActivatingTraffic: Activating traffic on full capacity of 2 instance(s).",
      "Updating · AllTraffic Deleting: Terminating 3 instance(s).",
      "InService",
    ]);
    expect(w.failures).toEqual([]);
    const d = w.polls.at(-1)!;
    expect(d.ProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount])).toEqual([["Renamed", 2]]);
    expect(d.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.Type).toBe("LINEAR");
  });
});

describe("while an update is under way", () => {
  it("refuses UpdateEndpoint and DeleteEndpoint in Updating and in RollingBack", async () => {
    await createEndpoint(f, "busy", "v1");
    const alarms = await createAlarms(f.t, "busy");
    await update("busy", "v2", { DeploymentConfig: canary(alarms) });
    const busy = `Cannot update in-progress endpoint "${ARN("busy")}".`;
    expect((await failure(update("busy", "v1"))).message).toBe(busy);
    expect((await failure(f.t.sagemaker().send(new DeleteEndpointCommand({ EndpointName: "busy" })))).message).toBe(
      busy,
    );
    await f.t
      .cloudwatch()
      .send(new SetAlarmStateCommand({ AlarmName: alarms[0]!, StateValue: "ALARM", StateReason: "drill" }));
    await walk(f, "busy", { done: (d) => d.EndpointStatus === "RollingBack" });
    expect((await failure(update("busy", "v1"))).message).toBe(busy);
    await walk(f, "busy");
  });

  it("refuses to update a Failed endpoint", async () => {
    await f.t.sagemaker().send(new CreateEndpointCommand({ EndpointName: "failed", EndpointConfigName: "broken" }));
    await walk(f, "failed", { done: (d) => d.EndpointStatus === "Failed" });
    const e = await failure(update("failed", "v1"));
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(
      `Cannot update endpoint "${ARN("failed")}" in status Failed: an endpoint in that status can only be deleted.`,
    );
  });
});

describe("a restart in the middle of a deployment", () => {
  it("goes on from the step it was in", async () => {
    await createEndpoint(f, "restarted", "v1");
    await update("restarted", "v2", { DeploymentConfig: canary(await createAlarms(f.t, "restarted")) });
    await walk(f, "restarted", {
      done: (d) => d.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status === "Baking",
    });
    await f.t.emulator.stop();
    f = { ...f, t: await startTestEmulator({ clock: f.clock, stateDir, provisioningDelayMs: STEP_MS }) };
    const w = await walk(f, "restarted", { requestsPerPoll: 2 });
    expect(w.phases[0]).toMatch(/^Updating · pending AllTraffic Baking: Baking for 20 seconds/);
    expect(w.phases.at(-1)).toBe("InService");
    expect(w.failures).toEqual([]);
    expect(w.polls.at(-1)?.EndpointConfigName).toBe("v2");
  });
});
