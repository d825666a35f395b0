/**
 * Account quotas on endpoint instances, checked before any work as SageMaker checks them
 * (CreateEndpoint / UpdateEndpoint / UpdateEndpointWeightsAndCapacities answer ResourceLimitExceeded,
 * nothing changes): one per
 * instance type ("<type> for endpoint usage") and one across all active endpoints ("Number of
 * instances across active endpoints", L-7A3DF611). Utilisation counts every variant (shadows
 * included) of every active endpoint, and during an update the new fleet on top of the old one,
 * as a blue/green deployment runs both.
 */
import type { ProductionVariant } from "@aws-sdk/client-sagemaker";
import { ServiceError } from "../../errors";
import type { EndpointConfigRecord, EndpointRecord } from "./records";

export interface EndpointQuotas {
  /** Instances of one type across active endpoints ("ml.m5.xlarge for endpoint usage"). */
  instancesPerType: number;
  /** Instances of all types across active endpoints. */
  instancesAcrossEndpoints: number;
}

/**
 * AWS applies per-account values (new accounts often get 0–20 of a type). The emulator's
 * defaults (README) leave room for the notebook – 3 ml.m5.xlarge doubled during blue/green,
 * plus a shadow variant – and for test suites that keep many endpoints, while refusing counts
 * no workstation could simulate.
 */
export const DEFAULT_ENDPOINT_QUOTAS: EndpointQuotas = { instancesPerType: 50, instancesAcrossEndpoints: 100 };

const variantsOf = (config: EndpointConfigRecord): ProductionVariant[] => [
  ...(config.spec.ProductionVariants ?? []),
  ...(config.spec.ShadowProductionVariants ?? []),
];

/** Instances by type in a configuration. */
function byType(config: EndpointConfigRecord): Map<string, number> {
  const out = new Map<string, number>();
  for (const pv of variantsOf(config)) {
    if (pv.ServerlessConfig || !pv.InstanceType) continue;
    out.set(pv.InstanceType, (out.get(pv.InstanceType) ?? 0) + (pv.InitialInstanceCount ?? 0));
  }
  return out;
}

const INACTIVE = new Set(["Failed", "Deleting", "OutOfService"]);

/** Instances by type that `endpoints` run now: during an update, the new fleet on top of the old. */
function utilization(endpoints: Iterable<EndpointRecord>): Map<string, number> {
  const used = new Map<string, number>();
  for (const e of endpoints) {
    if (INACTIVE.has(e.status)) continue;
    for (const c of e.deployment ? [e.config, e.deployment.config] : [e.config])
      for (const [type, n] of byType(c)) used.set(type, (used.get(type) ?? 0) + n);
  }
  return used;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

function checkDelta(quotas: EndpointQuotas, used: Map<string, number>, delta: Map<string, number>): void {
  for (const [type, n] of delta)
    exceeded(`${type} for endpoint usage`, quotas.instancesPerType, used.get(type) ?? 0, n);
  exceeded("Number of instances across active endpoints", quotas.instancesAcrossEndpoints, total(used), total(delta));
}

/** Throws ResourceLimitExceeded if `config` cannot be launched next to what `endpoints` run. */
export function checkEndpointQuotas(
  quotas: EndpointQuotas,
  endpoints: Iterable<EndpointRecord>,
  config: EndpointConfigRecord,
): void {
  checkDelta(quotas, utilization(endpoints), byType(config));
}

/**
 * Throws ResourceLimitExceeded if resizing an endpoint in place from `from` to `to`
 * (UpdateEndpointWeightsAndCapacities) passes a quota: the delta is the instances added, since
 * `from` already counts in the utilization (inferred: AWS documents the quota, not this request's delta).
 */
export function checkResizeQuotas(
  quotas: EndpointQuotas,
  endpoints: Iterable<EndpointRecord>,
  from: EndpointConfigRecord,
  to: EndpointConfigRecord,
): void {
  const before = byType(from);
  const delta = new Map<string, number>();
  for (const [type, n] of byType(to)) if (n > (before.get(type) ?? 0)) delta.set(type, n - (before.get(type) ?? 0));
  if (delta.size > 0) checkDelta(quotas, utilization(endpoints), delta);
}

function exceeded(quota: string, limit: number, utilization: number, delta: number): void {
  if (utilization + delta <= limit) return;
  throw new ServiceError(
    "ResourceLimitExceeded",
    `The account-level service limit '${quota}' is ${limit} Instances, with current utilization of ${utilization} Instances and a request delta of ${delta} Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.`,
    400,
  );
}
