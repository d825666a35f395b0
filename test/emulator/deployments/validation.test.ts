/** DeploymentConfig validation on UpdateEndpoint and CreateEndpoint: the API model's constraints, then the rules that need the configurations. */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  UpdateEndpointCommand,
  type DeploymentConfig,
} from "@aws-sdk/client-sagemaker";
import { canaryConfig } from "../../../support/deployment-config";
import { failure } from "../../../support/emulator";
import { createConfig, createEndpoint, describeEndpoint, startFixture, type DeploymentFixture } from "./fixture";

let f: DeploymentFixture;
beforeAll(async () => {
  f = await startFixture();
  await createEndpoint(f, "validated", "v1");
  await createConfig(f.t, "two-variants", "v2", { instances: 2, variant: "Other" });
  await f.t.sagemaker().send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "pair",
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "v2", InitialInstanceCount: 3, InstanceType: "ml.m5.large" },
        { VariantName: "Extra", ModelName: "v2", InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
      ],
    }),
  );
});
afterAll(() => f.t.stop());

const rejected = async (DeploymentConfig: DeploymentConfig, EndpointConfigName = "v2") => {
  const e = await failure(
    f.t
      .sagemaker()
      .send(new UpdateEndpointCommand({ EndpointName: "validated", EndpointConfigName, DeploymentConfig })),
  );
  expect(e.name).toBe("ValidationException");
  expect(e.$metadata.httpStatusCode).toBe(400);
  return e.message;
};

const canary = (Value: number, Type: "INSTANCE_COUNT" | "CAPACITY_PERCENT" = "INSTANCE_COUNT") =>
  canaryConfig(60, { size: { Type, Value } });

const P = "deploymentConfig.blueGreenUpdatePolicy";

afterEach(async () => {
  // A rejected update leaves the endpoint as it was.
  expect(await describeEndpoint(f.t, "validated")).toMatchObject({
    EndpointStatus: "InService",
    EndpointConfigName: "v1",
  });
});

describe("the API model's constraints", () => {
  it("checks ranges of the waits and the timeout, and the capacity sizes, as one list of errors", async () => {
    expect(
      await rejected({
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: {
            Type: "CANARY",
            CanarySize: { Type: "INSTANCE_COUNT", Value: 0 },
            WaitIntervalInSeconds: 3601,
          },
          TerminationWaitInSeconds: -1,
          MaximumExecutionTimeoutInSeconds: 28801,
        },
      }),
    ).toBe(
      "4 validation errors detected: " +
        [
          `Value '3601' at '${P}.trafficRoutingConfiguration.waitIntervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600`,
          `Value '0' at '${P}.trafficRoutingConfiguration.canarySize.value' failed to satisfy constraint: Member must have value greater than or equal to 1`,
          `Value '-1' at '${P}.terminationWaitInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 0`,
          `Value '28801' at '${P}.maximumExecutionTimeoutInSeconds' failed to satisfy constraint: Member must have value less than or equal to 28800`,
        ].join("; "),
    );
  });

  it("requires the routing, its type and wait, and a rolling policy's batch size and wait", async () => {
    expect(await rejected({ BlueGreenUpdatePolicy: {} as never })).toBe(
      `1 validation error detected: Value null at '${P}.trafficRoutingConfiguration' failed to satisfy constraint: Member must not be null`,
    );
    expect(
      await rejected({
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: "HALF" as never, WaitIntervalInSeconds: undefined },
        },
      }),
    ).toBe(
      `2 validation errors detected: Value 'HALF' at '${P}.trafficRoutingConfiguration.type' failed to satisfy constraint: Member must satisfy enum value set: [ALL_AT_ONCE, CANARY, LINEAR]; ` +
        `Value null at '${P}.trafficRoutingConfiguration.waitIntervalInSeconds' failed to satisfy constraint: Member must not be null`,
    );
    expect(await rejected({ RollingUpdatePolicy: {} as never })).toMatch(
      /^2 validation errors detected: Value null at 'deploymentConfig\.rollingUpdatePolicy\.maximumBatchSize'/,
    );
  });

  it("takes 1 to 10 rollback alarms with non-blank names", async () => {
    const alarms = (names: string[]): DeploymentConfig => ({
      AutoRollbackConfiguration: { Alarms: names.map((AlarmName) => ({ AlarmName })) },
    });
    expect(await rejected(alarms([]))).toBe(
      "1 validation error detected: Value '[]' at 'deploymentConfig.autoRollbackConfiguration.alarms' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(await rejected(alarms(Array.from({ length: 11 }, (_, i) => `a${i}`)))).toMatch(
      /Member must have length less than or equal to 10$/,
    );
    expect(await rejected(alarms(["  "]))).toBe(
      "1 validation error detected: Value '  ' at 'deploymentConfig.autoRollbackConfiguration.alarms.1.member.alarmName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?!\\s*$).+",
    );
  });
});

describe("the rules that need the configurations", () => {
  it("takes one update policy at most", async () => {
    expect(
      await rejected({
        ...canary(1),
        RollingUpdatePolicy: { MaximumBatchSize: { Type: "INSTANCE_COUNT", Value: 1 }, WaitIntervalInSeconds: 0 },
      }),
    ).toBe("DeploymentConfig can specify BlueGreenUpdatePolicy or RollingUpdatePolicy, not both.");
  });

  it("matches the capacity size to the routing type", async () => {
    const routing = (r: object): DeploymentConfig => ({
      BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: r as never },
    });
    expect(await rejected(routing({ Type: "CANARY", WaitIntervalInSeconds: 0 }))).toBe(
      "CanarySize must be specified when TrafficRoutingConfiguration Type is CANARY.",
    );
    expect(await rejected(routing({ Type: "LINEAR", WaitIntervalInSeconds: 0 }))).toBe(
      "LinearStepSize must be specified when TrafficRoutingConfiguration Type is LINEAR.",
    );
    expect(
      await rejected(
        routing({ Type: "ALL_AT_ONCE", WaitIntervalInSeconds: 0, CanarySize: { Type: "INSTANCE_COUNT", Value: 1 } }),
      ),
    ).toBe("CanarySize can only be specified when TrafficRoutingConfiguration Type is CANARY.");
  });

  it("keeps a canary at most 50 % and a linear step 10–50 % of the variant's instances", async () => {
    expect(await rejected(canary(2))).toBe(
      "CanarySize (2 instance(s)) must be at most 50% of the 3 instance(s) of production variant AllTraffic.",
    );
    expect(await rejected(canary(51, "CAPACITY_PERCENT"))).toBe(
      "CanarySize (51%) must be at most 50% of the 3 instance(s) of production variant AllTraffic.",
    );
    const linear = (Value: number): DeploymentConfig => ({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: "LINEAR",
          LinearStepSize: { Type: "CAPACITY_PERCENT", Value },
          WaitIntervalInSeconds: 0,
        },
      },
    });
    expect(await rejected(linear(5))).toBe(
      "LinearStepSize (5%) must be between 10% and 50% of the 3 instance(s) of production variant AllTraffic.",
    );
    expect(await rejected(linear(60))).toBe(
      "LinearStepSize (60%) must be between 10% and 50% of the 3 instance(s) of production variant AllTraffic.",
    );
  });

  it("keeps a rolling batch 5–50 % of a single production variant", async () => {
    const rolling = (Value: number): DeploymentConfig => ({
      RollingUpdatePolicy: { MaximumBatchSize: { Type: "INSTANCE_COUNT", Value }, WaitIntervalInSeconds: 0 },
    });
    expect(await rejected(rolling(2))).toBe(
      "MaximumBatchSize (2 instance(s)) must be between 5% and 50% of the 3 instance(s) of production variant AllTraffic.",
    );
    expect(await rejected(rolling(1), "pair")).toBe(
      "RollingUpdatePolicy needs an endpoint configuration with exactly one production variant; pair has 2.",
    );
  });

  it("needs MaximumExecutionTimeoutInSeconds larger than every bake together", async () => {
    const linear: DeploymentConfig = {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: "LINEAR",
          LinearStepSize: { Type: "INSTANCE_COUNT", Value: 1 },
          WaitIntervalInSeconds: 250,
        },
        TerminationWaitInSeconds: 100,
        MaximumExecutionTimeoutInSeconds: 600,
      },
    };
    expect(await rejected(linear)).toBe(
      "MaximumExecutionTimeoutInSeconds (600) must be larger than the total waiting time of the deployment (WaitIntervalInSeconds and TerminationWaitInSeconds): 600 seconds.",
    );
  });

  it("keeps the production variants' names when guardrails are used", async () => {
    expect(await rejected(canary(1), "two-variants")).toBe(
      "With a DeploymentConfig, the production variants of endpoint configuration two-variants must have the same names as those of the endpoint's current configuration v1.",
    );
  });

  it("checks a DeploymentConfig given to CreateEndpoint against its configuration", async () => {
    const e = await failure(
      f.t.sagemaker().send(
        new CreateEndpointCommand({
          EndpointName: "created-with-guardrails",
          EndpointConfigName: "v1",
          DeploymentConfig: canary(2),
        }),
      ),
    );
    expect(e.message).toBe(
      "CanarySize (2 instance(s)) must be at most 50% of the 3 instance(s) of production variant AllTraffic.",
    );
    const unknown = await failure(
      f.t.sagemaker().send(new UpdateEndpointCommand({ EndpointName: "validated", EndpointConfigName: "nothing" })),
    );
    expect(unknown.message).toBe(
      'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/nothing".',
    );
  });
});
