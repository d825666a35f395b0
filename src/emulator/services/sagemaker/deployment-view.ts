/**
 * DescribeEndpoint during a deployment is a projection of the runner's state (fleet/rollout.ts):
 * for each variant of the old (blue) fleet in ProductionVariants and of the new (green) fleet in
 * PendingDeploymentSummary, the instances up, the weight scaled by the share of traffic the fleet
 * takes (inferred: it lets a poller watch traffic move; DesiredWeight stays the configured
 * weight), and the VariantStatus of the step acting on that fleet, with AWS's messages:
 *   Creating           Launching 3 instance(s).
 *   ActivatingTraffic  Activating traffic on canary capacity of 1 instance(s).
 *   Baking             Baking for 300 seconds (TerminationWaitInSeconds) with traffic enabled on canary capacity of 1 instance(s).
 *   Deleting           Terminating 3 instance(s).            (wording inferred)
 * As observed on AWS, every bake message names TerminationWaitInSeconds, the canary bake (a
 * WaitIntervalInSeconds) included. Partial capacity (linear and rolling steps) is inferred wording.
 * The new config's shadow variants (PendingDeploymentSummary.ShadowProductionVariants) start and
 * stop with the new fleet and take no share of the traffic (they copy what the fleet answers), so
 * they show their configured weight, their instances while the fleet has any up, and no
 * VariantStatus (inferred).
 */
import type { ProductionVariantStatus, VariantStatus } from "@aws-sdk/client-sagemaker";
import { greenShareOf } from "../../fleet/fleet";
import type { Side, Step } from "../../fleet/plan";
import type { RolloutState } from "../../fleet/rollout";

export interface LiveVariant {
  CurrentWeight: number;
  CurrentInstanceCount: number;
  VariantStatus?: ProductionVariantStatus[];
}

const STATUS: Record<Step["kind"], VariantStatus> = {
  launch: "Creating",
  activate: "ActivatingTraffic",
  bake: "Baking",
  terminate: "Deleting",
};

function statusMessage(step: Step, instances: number): string {
  switch (step.kind) {
    case "launch":
      return `Launching ${instances} instance(s).`;
    case "activate":
      return `Activating traffic on ${step.capacity} capacity of ${instances} instance(s).`;
    case "bake":
      return `Baking for ${step.seconds} seconds (TerminationWaitInSeconds) with traffic enabled on ${step.capacity} capacity of ${instances} instance(s).`;
    case "terminate":
      return `Terminating ${instances} instance(s).`;
  }
}

/** One variant of one fleet as the deployment stands; `weight` is its configured weight. */
export function liveVariant(rollout: RolloutState, side: Side, variant: string, weight: number): LiveVariant {
  const green = greenShareOf(rollout.greenShare, variant);
  const step = rollout.steps[rollout.index];
  // A bake watches the green fleet's traffic.
  const acting = step && (step.kind === "bake" ? "green" : step.side) === side ? step : undefined;
  const instances = acting?.instances[variant];
  return {
    CurrentWeight: weight * (side === "green" ? green : 1 - green),
    CurrentInstanceCount: rollout.capacity[side][variant] ?? 0,
    VariantStatus:
      acting && instances !== undefined
        ? [
            {
              Status: STATUS[acting.kind],
              StatusMessage: statusMessage(acting, instances),
              StartTime: new Date(rollout.stepStartedAt),
            },
          ]
        : undefined,
  };
}

/** One shadow variant of the green fleet as the deployment stands; `count` is its configured instance count. */
export function liveShadowVariant(rollout: RolloutState, count: number): Pick<LiveVariant, "CurrentInstanceCount"> {
  const greenUp = Object.values(rollout.capacity.green).some((n) => n > 0);
  return { CurrentInstanceCount: greenUp ? count : 0 };
}
