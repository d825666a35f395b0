import type { TrafficRoutingConfig } from "@aws-sdk/client-sagemaker";
import { trafficSteps } from "../../../src/aws/deploy/steps";

const blueGreen = (routing: Omit<TrafficRoutingConfig, "WaitIntervalInSeconds">) => ({
  BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { WaitIntervalInSeconds: 1, ...routing } },
});

describe("the traffic steps a DeploymentConfig plans", () => {
  it("counts one for all at once and two for a canary", () => {
    expect(trafficSteps(blueGreen({ Type: "ALL_AT_ONCE" }), 3)).toBe(1);
    expect(trafficSteps(blueGreen({ Type: "CANARY", CanarySize: { Type: "INSTANCE_COUNT", Value: 1 } }), 3)).toBe(2);
  });

  it("counts LINEAR steps with a percentage rounded down to whole instances, at least one", () => {
    const linear = (value: number) =>
      blueGreen({ Type: "LINEAR", LinearStepSize: { Type: "CAPACITY_PERCENT", Value: value } });
    expect(trafficSteps(linear(34), 3)).toBe(3);
    expect(trafficSteps(linear(34), 10)).toBe(4);
    expect(trafficSteps(linear(10), 3)).toBe(3);
  });

  it("counts a rolling update's batches", () => {
    const rolling = {
      RollingUpdatePolicy: {
        MaximumBatchSize: { Type: "INSTANCE_COUNT" as const, Value: 2 },
        WaitIntervalInSeconds: 1,
      },
    };
    expect(trafficSteps(rolling, 3)).toBe(2);
  });

  it("knows none without a policy", () => {
    expect(trafficSteps(undefined, 3)).toBeUndefined();
  });
});
