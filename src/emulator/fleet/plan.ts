/**
 * Deployments are data: a plan is a list of steps computed from the DeploymentConfig (reference
 * §4), and a rollback is another plan computed from where the deployment stands. One mechanism,
 * four forward plans (blue = the fleet serving now, green = the new one):
 *
 *   ALL_AT_ONCE  launch green · activate full · bake TerminationWait · terminate blue
 *   CANARY       launch green · activate canary · bake WaitInterval · activate full · bake TerminationWait · terminate blue
 *   LINEAR       launch green · (activate step k · bake WaitInterval)… · activate full · bake TerminationWait · terminate blue
 *   ROLLING      (launch a batch of green · activate it · bake WaitInterval · terminate a batch of blue)…
 *
 * Shares: the green fleet takes (its active instances / the variant's instances) of a variant's
 * traffic, so a 1-instance canary of 3 takes a third (reference §4). Blue/green keeps the blue
 * instances up until the end (traffic leaves them, they stay provisioned); rolling terminates
 * them batch by batch. Bakes of 0 seconds are left out.
 */
import type { CapacitySize, DeploymentConfig } from "@aws-sdk/client-sagemaker";
import { byName, own } from "../names";

export type Side = "blue" | "green";

/** A number per production variant name: instance counts, or traffic shares. */
export type PerVariant = Readonly<Record<string, number>>;

/** How VariantStatus messages name the capacity taking traffic. */
export type Capacity = "canary" | "partial" | "full";

export type Step =
  /** Provision instances of a fleet (VariantStatus Creating). */
  | { kind: "launch"; side: Side; instances: PerVariant }
  /** Move traffic: afterwards the green fleet takes `greenShare` (ActivatingTraffic on `side`'s `instances`). */
  | { kind: "activate"; side: Side; greenShare: PerVariant; instances: PerVariant; capacity: Capacity }
  /** Watch the alarms with traffic on the green fleet's `instances` (Baking). */
  | { kind: "bake"; seconds: number; instances: PerVariant; capacity: Capacity }
  /** Take instances of a fleet down (Deleting). */
  | { kind: "terminate"; side: Side; instances: PerVariant };

/** Instance counts of both fleets' production variants, as their endpoint configs ask. */
export interface FleetSizes {
  blue: PerVariant;
  green: PerVariant;
}

const map = (counts: PerVariant, fn: (n: number, variant: string) => number): PerVariant =>
  byName(Object.entries(counts).map(([v, n]) => [v, fn(n, v)]));
const sum = (a: PerVariant, b: PerVariant): PerVariant => {
  const out = byName(Object.entries(a));
  for (const [v, n] of Object.entries(b)) out[v] = (own(out, v) ?? 0) + n;
  return out;
};
export const anyPositive = (counts: PerVariant) => Object.values(counts).some((n) => n > 0);

/**
 * Instances a CapacitySize stands for out of `total`: a count as given, a percentage of the
 * instances rounded down but at least one (inferred: it keeps "at most 50 %" true for small fleets).
 */
function instancesOf(size: CapacitySize, total: number): number {
  const value = size.Value ?? 0;
  return Math.min(total, size.Type === "CAPACITY_PERCENT" ? Math.max(1, Math.floor((total * value) / 100)) : value);
}

export function deploymentPlan(config: DeploymentConfig | undefined, sizes: FleetSizes): Step[] {
  return config?.RollingUpdatePolicy ? rollingPlan(config, sizes) : blueGreenPlan(config, sizes);
}

function blueGreenPlan(config: DeploymentConfig | undefined, { blue, green }: FleetSizes): Step[] {
  const policy = config?.BlueGreenUpdatePolicy;
  const routing = policy?.TrafficRoutingConfiguration;
  const wait = routing?.WaitIntervalInSeconds ?? 0;
  const steps: Step[] = [{ kind: "launch", side: "green", instances: green }];
  const shift = (active: PerVariant, capacity: Capacity, seconds: number) => {
    steps.push({
      kind: "activate",
      side: "green",
      greenShare: map(active, (k, v) => k / green[v]!),
      instances: active,
      capacity,
    });
    if (seconds > 0) steps.push({ kind: "bake", seconds, instances: active, capacity });
  };
  if (routing?.Type === "CANARY")
    shift(
      map(green, (n) => instancesOf(routing.CanarySize!, n)),
      "canary",
      wait,
    );
  if (routing?.Type === "LINEAR") {
    const step = map(green, (n) => instancesOf(routing.LinearStepSize!, n));
    for (let i = 1; Object.entries(green).some(([v, n]) => i * step[v]! < n); i++)
      shift(
        map(green, (n, v) => Math.min(i * step[v]!, n)),
        "partial",
        wait,
      );
  }
  shift(green, "full", policy?.TerminationWaitInSeconds ?? 0);
  steps.push({ kind: "terminate", side: "blue", instances: blue });
  return steps;
}

function rollingPlan(config: DeploymentConfig, { blue, green }: FleetSizes): Step[] {
  const policy = config.RollingUpdatePolicy!;
  const batch = map(green, (n) => instancesOf(policy.MaximumBatchSize!, n));
  // Blue batches are the same fraction of the blue fleet as green batches of the green one.
  const blueAt = (active: PerVariant) => map(active, (k, v) => Math.round((blue[v] ?? 0) * (k / green[v]!)));
  const steps: Step[] = [];
  let done: PerVariant = map(green, () => 0);
  while (Object.entries(green).some(([v, n]) => done[v]! < n)) {
    const next = map(green, (n, v) => Math.min(done[v]! + batch[v]!, n));
    const capacity: Capacity = Object.entries(green).every(([v, n]) => next[v] === n) ? "full" : "partial";
    steps.push({ kind: "launch", side: "green", instances: map(next, (k, v) => k - done[v]!) });
    steps.push({
      kind: "activate",
      side: "green",
      greenShare: map(next, (k, v) => k / green[v]!),
      instances: next,
      capacity,
    });
    if (policy.WaitIntervalInSeconds! > 0)
      steps.push({ kind: "bake", seconds: policy.WaitIntervalInSeconds!, instances: next, capacity });
    const before = blueAt(done);
    steps.push({ kind: "terminate", side: "blue", instances: map(blueAt(next), (k, v) => k - before[v]!) });
    done = next;
  }
  return steps;
}

/** Seconds a plan spends baking: what MaximumExecutionTimeoutInSeconds must exceed. */
export const bakeSeconds = (steps: readonly Step[]) =>
  steps.reduce((total, s) => total + (s.kind === "bake" ? s.seconds : 0), 0);

export interface Position {
  config: DeploymentConfig | undefined;
  sizes: FleetSizes;
  /** Instances up now. */
  capacity: FleetSizes;
  greenShare: PerVariant;
  /** Green instances of a launch under way (they are terminated too). */
  launching?: PerVariant;
}

/**
 * Back to blue from wherever the deployment stands. Blue/green: all traffic back to the blue
 * instances (still up), then the green ones terminated. Rolling: first the traffic the remaining
 * blue instances can take, then the terminated blue capacity relaunched in batches of
 * RollbackMaximumBatchSize (default all at once), each followed by its traffic and the
 * termination of as much green capacity; finally the rest of green.
 */
export function rollbackPlan(p: Position): Step[] {
  const blue = p.sizes.blue;
  const green = sum(p.capacity.green, p.launching ?? {});
  const steps: Step[] = [];
  const toBlue = (share: PerVariant) => {
    const serving = map(blue, (n, v) => Math.round(n * (1 - (share[v] ?? 0))));
    steps.push({
      kind: "activate",
      side: "blue",
      greenShare: share,
      instances: serving,
      capacity: anyPositive(share) ? "partial" : "full",
    });
  };
  const deficit = map(blue, (n, v) => n - (own(p.capacity.blue, v) ?? 0));
  // The share of traffic the blue instances still up can take back at once.
  const share = map(p.greenShare, (s, v) => Math.min(s, (own(deficit, v) ?? 0) / blue[v]!));
  if (Object.entries(p.greenShare).some(([v, s]) => s > share[v]!)) toBlue(share);
  const policy = p.config?.RollingUpdatePolicy;
  if (policy && anyPositive(deficit)) {
    const batch = map(blue, (n) =>
      policy.RollbackMaximumBatchSize ? instancesOf(policy.RollbackMaximumBatchSize, n) : n,
    );
    let restored: PerVariant = map(blue, () => 0);
    let terminated: PerVariant = map(green, () => 0);
    // How far the relaunch has come, per variant (a variant with nothing to relaunch is done).
    const progress = (restoredNow: PerVariant, v: string) => {
      const d = deficit[v];
      return d ? restoredNow[v]! / d : 1;
    };
    while (Object.entries(deficit).some(([v, d]) => restored[v]! < d)) {
      const next = map(deficit, (d, v) => Math.min(restored[v]! + batch[v]!, d));
      steps.push({ kind: "launch", side: "blue", instances: map(next, (k, v) => k - restored[v]!) });
      toBlue(map(share, (s, v) => s * (1 - progress(next, v))));
      const greenDown = map(green, (n, v) => Math.round(n * progress(next, v)));
      steps.push({ kind: "terminate", side: "green", instances: map(greenDown, (k, v) => k - terminated[v]!) });
      restored = next;
      terminated = greenDown;
    }
    return steps;
  }
  if (anyPositive(green)) steps.push({ kind: "terminate", side: "green", instances: green });
  return steps;
}
