/**
 * The guarded deployments the tests and benches send: blue/green DeploymentConfigs (a canary of
 * one instance unless they say otherwise) with an auto-rollback on the given alarms, and the
 * variant alarm that guards them, as the notebook writes both.
 */
import type { PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import type {
  AutoRollbackConfig,
  CapacitySize,
  DeploymentConfig,
  TrafficRoutingConfig,
} from "@aws-sdk/client-sagemaker";

export const autoRollback = (alarms: readonly string[]): AutoRollbackConfig => ({
  Alarms: alarms.map((AlarmName) => ({ AlarmName })),
});

export interface BlueGreenOptions {
  /** TerminationWaitInSeconds, the bake on full capacity (default 10). */
  terminationWait?: number;
  /** MaximumExecutionTimeoutInSeconds (default 600). */
  timeout?: number;
  /** The rollback alarms; without them the config has no AutoRollbackConfiguration. */
  alarms?: readonly string[];
}

export function blueGreenConfig(
  routing: TrafficRoutingConfig,
  { terminationWait = 10, timeout = 600, alarms }: BlueGreenOptions = {},
): DeploymentConfig {
  return {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration: routing,
      TerminationWaitInSeconds: terminationWait,
      MaximumExecutionTimeoutInSeconds: timeout,
    },
    ...(alarms && { AutoRollbackConfiguration: autoRollback(alarms) }),
  };
}

/** A canary (`size`, default one instance) that bakes `wait` seconds before the rest of the fleet follows. */
export function canaryConfig(
  wait: number,
  { size = { Type: "INSTANCE_COUNT", Value: 1 }, ...options }: BlueGreenOptions & { size?: CapacitySize } = {},
): DeploymentConfig {
  return blueGreenConfig({ Type: "CANARY", CanarySize: size, WaitIntervalInSeconds: wait }, options);
}

export interface VariantAlarm {
  AlarmName: string;
  EndpointName: string;
  VariantName?: string;
  MetricName?: string;
  Statistic?: "Sum" | "Average";
  Threshold?: number;
}

/**
 * A 10-second alarm on one metric of an endpoint's variant (default: Sum of Invocation5XXErrors
 * ≥ 1 on AllTraffic), no data counting as OK.
 */
export function variantAlarm({
  AlarmName,
  EndpointName,
  VariantName = "AllTraffic",
  MetricName = "Invocation5XXErrors",
  Statistic = "Sum",
  Threshold = 1,
}: VariantAlarm): PutMetricAlarmCommandInput {
  return {
    AlarmName,
    Namespace: "AWS/SageMaker",
    MetricName,
    Dimensions: [
      { Name: "EndpointName", Value: EndpointName },
      { Name: "VariantName", Value: VariantName },
    ],
    Statistic,
    Period: 10,
    EvaluationPeriods: 1,
    Threshold,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    TreatMissingData: "notBreaching",
  };
}
