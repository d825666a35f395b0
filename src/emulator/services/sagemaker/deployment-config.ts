/**
 * DeploymentConfig validation (reference §4), in two layers as on AWS:
 * - member constraints of the API model (ranges, enums, required members, 1–10 alarms), with
 *   AWS's `N validation error(s) detected` messages;
 * - rules that need the endpoint configurations: one update policy at most, the canary at most
 *   50 % and a linear step 10–50 % of the variant's instances, a rolling batch 5–50 %, a rolling
 *   update on a single production variant, the same variant names as the running configuration,
 *   and MaximumExecutionTimeoutInSeconds larger than the deployment's total waiting time (all
 *   its bakes: WaitIntervalInSeconds per step plus TerminationWaitInSeconds). Their wordings are
 *   inferred.
 */
import type {
  AutoRollbackConfig,
  CapacitySize,
  DeploymentConfig,
  RollingUpdatePolicy,
  TrafficRoutingConfig,
} from "@aws-sdk/client-sagemaker";
import { bakeSeconds, deploymentPlan } from "../../fleet/plan";
import { instanceCounts } from "./fleet-specs";
import type { EndpointConfigRecord } from "./records";
import type { Validator } from "../validation";
import { validationException } from "./errors";

const ALARM_NAME = new RegExp("^(?!\\s*$).+");
const WAIT = { min: 0, max: 3600 };
const TIMEOUT = { min: 600, max: 28800 };

function validateCapacitySize(v: Validator, path: string, size: CapacitySize | undefined): void {
  if (!v.structure(path, size) || !size) return;
  if (v.required(`${path}.type`, size.Type)) v.oneOf(`${path}.type`, size.Type, ["INSTANCE_COUNT", "CAPACITY_PERCENT"]);
  if (v.required(`${path}.value`, size.Value)) v.integer(`${path}.value`, size.Value, { min: 1 });
}

function validateRouting(v: Validator, path: string, routing: TrafficRoutingConfig | undefined): void {
  if (!v.required(path, routing) || !v.structure(path, routing) || !routing) return;
  if (v.required(`${path}.type`, routing.Type))
    v.oneOf(`${path}.type`, routing.Type, ["ALL_AT_ONCE", "CANARY", "LINEAR"]);
  if (v.required(`${path}.waitIntervalInSeconds`, routing.WaitIntervalInSeconds))
    v.integer(`${path}.waitIntervalInSeconds`, routing.WaitIntervalInSeconds, WAIT);
  validateCapacitySize(v, `${path}.canarySize`, routing.CanarySize);
  validateCapacitySize(v, `${path}.linearStepSize`, routing.LinearStepSize);
}

function validateRolling(v: Validator, path: string, policy: RollingUpdatePolicy | undefined): void {
  if (!v.structure(path, policy) || !policy) return;
  if (v.required(`${path}.maximumBatchSize`, policy.MaximumBatchSize))
    validateCapacitySize(v, `${path}.maximumBatchSize`, policy.MaximumBatchSize);
  if (v.required(`${path}.waitIntervalInSeconds`, policy.WaitIntervalInSeconds))
    v.integer(`${path}.waitIntervalInSeconds`, policy.WaitIntervalInSeconds, WAIT);
  v.integer(`${path}.maximumExecutionTimeoutInSeconds`, policy.MaximumExecutionTimeoutInSeconds, TIMEOUT);
  validateCapacitySize(v, `${path}.rollbackMaximumBatchSize`, policy.RollbackMaximumBatchSize);
}

function validateAutoRollback(v: Validator, path: string, config: AutoRollbackConfig | undefined): void {
  if (!v.structure(path, config) || !config) return;
  v.list<{ AlarmName?: string }>(`${path}.alarms`, config.Alarms, { min: 1, max: 10 }, (p, alarm) => {
    v.structure(p, alarm);
    if (v.required(`${p}.alarmName`, alarm.AlarmName))
      v.string(`${p}.alarmName`, alarm.AlarmName, { min: 1, max: 255, pattern: ALARM_NAME });
  });
}

/** The API model's constraints on a DeploymentConfig member. */
export function validateDeploymentConfig(v: Validator, path: string, config: DeploymentConfig | undefined): void {
  if (!v.structure(path, config) || !config) return;
  const blueGreen = config.BlueGreenUpdatePolicy;
  const bg = `${path}.blueGreenUpdatePolicy`;
  if (v.structure(bg, blueGreen) && blueGreen) {
    validateRouting(v, `${bg}.trafficRoutingConfiguration`, blueGreen.TrafficRoutingConfiguration);
    v.integer(`${bg}.terminationWaitInSeconds`, blueGreen.TerminationWaitInSeconds, WAIT);
    v.integer(`${bg}.maximumExecutionTimeoutInSeconds`, blueGreen.MaximumExecutionTimeoutInSeconds, TIMEOUT);
  }
  validateRolling(v, `${path}.rollingUpdatePolicy`, config.RollingUpdatePolicy);
  validateAutoRollback(v, `${path}.autoRollbackConfiguration`, config.AutoRollbackConfiguration);
}

/** The fraction of `total` instances a CapacitySize asks for. */
const fractionOf = (size: CapacitySize, total: number) =>
  size.Type === "CAPACITY_PERCENT" ? size.Value! / 100 : size.Value! / total;
const describeSize = (size: CapacitySize) =>
  size.Type === "CAPACITY_PERCENT" ? `${size.Value}%` : `${size.Value} instance(s)`;

function checkSize(name: string, size: CapacitySize, target: EndpointConfigRecord, min: number, max: number): void {
  for (const [variant, total] of Object.entries(instanceCounts(target))) {
    const fraction = fractionOf(size, total);
    if (fraction < min || fraction > max) {
      const range = min > 0 ? `between ${min * 100}% and ${max * 100}%` : `at most ${max * 100}%`;
      throw validationException(
        `${name} (${describeSize(size)}) must be ${range} of the ${total} instance(s) of production variant ${variant}.`,
      );
    }
  }
}

/**
 * The rules that need the configurations: `target` is the configuration being deployed,
 * `current` the one the endpoint runs (absent at CreateEndpoint).
 */
export function checkDeploymentConfig(
  config: DeploymentConfig | undefined,
  target: EndpointConfigRecord,
  current?: EndpointConfigRecord,
): void {
  if (!config) return;
  const blueGreen = config.BlueGreenUpdatePolicy;
  const rolling = config.RollingUpdatePolicy;
  if (blueGreen && rolling)
    throw validationException("DeploymentConfig can specify BlueGreenUpdatePolicy or RollingUpdatePolicy, not both.");
  const variants = target.spec.ProductionVariants ?? [];
  const routing = blueGreen?.TrafficRoutingConfiguration;
  if (routing) {
    for (const [member, type] of [
      ["CanarySize", "CANARY"],
      ["LinearStepSize", "LINEAR"],
    ] as const) {
      const size = routing[member];
      if (routing.Type === type && !size)
        throw validationException(`${member} must be specified when TrafficRoutingConfiguration Type is ${type}.`);
      if (routing.Type !== type && size)
        throw validationException(`${member} can only be specified when TrafficRoutingConfiguration Type is ${type}.`);
    }
    if (routing.CanarySize) checkSize("CanarySize", routing.CanarySize, target, 0, 0.5);
    if (routing.LinearStepSize) checkSize("LinearStepSize", routing.LinearStepSize, target, 0.1, 0.5);
  }
  if (rolling) {
    if (variants.length !== 1)
      throw validationException(
        `RollingUpdatePolicy needs an endpoint configuration with exactly one production variant; ${target.name} has ${variants.length}.`,
      );
    checkSize("MaximumBatchSize", rolling.MaximumBatchSize!, target, 0.05, 0.5);
    if (rolling.RollbackMaximumBatchSize)
      checkSize("RollbackMaximumBatchSize", rolling.RollbackMaximumBatchSize, current ?? target, 0, 1);
  }
  const timeout = blueGreen?.MaximumExecutionTimeoutInSeconds ?? rolling?.MaximumExecutionTimeoutInSeconds;
  const waiting = bakeSeconds(
    deploymentPlan(config, { blue: instanceCounts(current ?? target), green: instanceCounts(target) }),
  );
  if (timeout !== undefined && timeout <= waiting) {
    throw validationException(
      `MaximumExecutionTimeoutInSeconds (${timeout}) must be larger than the total waiting time of the deployment (WaitIntervalInSeconds and TerminationWaitInSeconds): ${waiting} seconds.`,
    );
  }
  const names = (c: EndpointConfigRecord) =>
    (c.spec.ProductionVariants ?? [])
      .map((pv) => pv.VariantName!.toLowerCase())
      .sort()
      .join(",");
  if (current && names(current) !== names(target)) {
    throw validationException(
      `With a DeploymentConfig, the production variants of endpoint configuration ${target.name} must have the same names as those of the endpoint's current configuration ${current.name}.`,
    );
  }
}
