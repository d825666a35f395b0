/**
 * How many traffic steps a DeploymentConfig takes a fleet of n instances through, as SageMaker documents
 * them: ALL_AT_ONCE one, CANARY two (the canary, then the rest), LINEAR and rolling updates one per step
 * or batch – a CAPACITY_PERCENT size rounds down to whole instances, at least one.
 */
import type { CapacitySize, DeploymentConfig } from "@aws-sdk/client-sagemaker";

function instancesOf(size: CapacitySize | undefined, n: number): number {
  if (size?.Type === "INSTANCE_COUNT") return Math.max(1, Math.min(n, size.Value ?? 1));
  return Math.max(1, Math.floor((n * (size?.Value ?? 100)) / 100));
}

export function trafficSteps(config: DeploymentConfig | undefined, n: number): number | undefined {
  const rolling = config?.RollingUpdatePolicy;
  if (rolling) return Math.ceil(n / instancesOf(rolling.MaximumBatchSize, n));
  const routing = config?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration;
  switch (routing?.Type) {
    case "ALL_AT_ONCE":
      return 1;
    case "CANARY":
      return 2;
    case "LINEAR":
      return Math.ceil(n / instancesOf(routing.LinearStepSize, n));
    default:
      return undefined;
  }
}
