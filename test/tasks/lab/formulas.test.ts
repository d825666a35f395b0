import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import { deploymentPlan } from "../../../src/emulator/fleet/plan";
import { predict, shapeOf, withBakes, type Shape } from "../../../src/tasks/lab/formulas";
import { blueGreenConfig, canaryConfig } from "../../../support/deployment-config";

const alarms = { Alarms: [{ AlarmName: "a" }] };
const bakes = { terminationWait: 7, alarms: ["a"] };
const allAtOnce = blueGreenConfig({ Type: "ALL_AT_ONCE", WaitIntervalInSeconds: 0 }, bakes);
const canary = canaryConfig(5, bakes);
const canaryPercent = canaryConfig(5, { ...bakes, size: { Type: "CAPACITY_PERCENT", Value: 50 } });
const linear = blueGreenConfig(
  { Type: "LINEAR", LinearStepSize: { Type: "CAPACITY_PERCENT", Value: 34 }, WaitIntervalInSeconds: 5 },
  bakes,
);
const rolling: DeploymentConfig = {
  RollingUpdatePolicy: {
    MaximumBatchSize: { Type: "INSTANCE_COUNT", Value: 1 },
    WaitIntervalInSeconds: 5,
    RollbackMaximumBatchSize: { Type: "INSTANCE_COUNT", Value: 3 },
  },
  AutoRollbackConfiguration: alarms,
};

/** The same figures read off the steps the emulator plans and runs (fleet/plan.ts), for one variant. */
function emulatorShape(config: DeploymentConfig, n: number): Shape {
  const steps = deploymentPlan(config, { blue: { v: n }, green: { v: n } });
  let up = n;
  let peakInstances = n;
  for (const step of steps) {
    if (step.kind === "launch") up += step.instances["v"] ?? 0;
    if (step.kind === "terminate") up -= step.instances["v"] ?? 0;
    peakInstances = Math.max(peakInstances, up);
  }
  const first = steps.find((s) => s.kind === "activate");
  return {
    bakes: steps.flatMap((s) => (s.kind === "bake" ? [s.seconds] : [])),
    firstShare: first?.kind === "activate" ? (first.greenShare["v"] ?? 0) : 0,
    peakInstances,
  };
}

describe("the lab's formulas", () => {
  it("give each strategy's bakes, first share and peak capacity as SageMaker documents them", () => {
    expect(shapeOf(allAtOnce, 3)).toEqual({ bakes: [7], firstShare: 1, peakInstances: 6 });
    expect(shapeOf(canary, 3)).toEqual({ bakes: [5, 7], firstShare: 1 / 3, peakInstances: 6 });
    // A percentage rounds down to whole instances: half of 3 is one, half of 10 is five.
    expect(shapeOf(canaryPercent, 3).firstShare).toBe(1 / 3);
    expect(shapeOf(canaryPercent, 10).firstShare).toBe(0.5);
    expect(shapeOf(linear, 3)).toEqual({ bakes: [5, 5, 7], firstShare: 1 / 3, peakInstances: 6 });
    expect(shapeOf(rolling, 3)).toEqual({ bakes: [5, 5, 5], firstShare: 1 / 3, peakInstances: 4 });
  });

  it("scales every bake, leaving the rest of the config alone", () => {
    expect(shapeOf(withBakes(linear, 300), 3).bakes).toEqual([300, 300, 300]);
    expect(shapeOf(withBakes(rolling, 300), 3)).toEqual({
      bakes: [300, 300, 300],
      firstShare: 1 / 3,
      peakInstances: 4,
    });
    expect(withBakes(rolling, 300).RollingUpdatePolicy?.RollbackMaximumBatchSize).toEqual({
      Type: "INSTANCE_COUNT",
      Value: 3,
    });
    expect(withBakes(canary, 300).BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.CanarySize).toEqual({
      Type: "INSTANCE_COUNT",
      Value: 1,
    });
  });

  it("predicts detection, blast radius and whether the first bake can catch a faulty model", () => {
    const timing = { alarmPeriodSeconds: 10, decisionDelaySeconds: 3, requestsPerSecond: 30 };
    expect(predict(canary, 3, timing)).toEqual({
      bakeSeconds: 12,
      detectionSeconds: 8,
      failedRequests: 80,
      peakInstances: 6,
      caughtInFirstBake: false,
    });
    expect(predict(withBakes(canary, 300), 3, { ...timing, alarmPeriodSeconds: 60 })).toMatchObject({
      bakeSeconds: 600,
      detectionSeconds: 33,
      failedRequests: 330,
      caughtInFirstBake: true,
    });
    expect(predict(allAtOnce, 3, timing).failedRequests).toBe(240);
  });

  it("agree with the steps the emulator runs, though written apart from it", () => {
    for (const config of [allAtOnce, canary, canaryPercent, linear, rolling, withBakes(linear, 300)])
      for (const n of [1, 2, 3, 4, 10])
        expect(shapeOf(config, n), JSON.stringify({ config, n })).toEqual(emulatorShape(config, n));
  });
});
