/**
 * A deployment's phases from what a poller saw: DescribeEndpoint's status
 * and the variant status of the fleet being deployed (Creating,
 * ActivatingTraffic, Baking, …), named as the canary plan reads.
 */
import type { Moment, Phase } from "./time-series";

/** One poll of the endpoint (the poller's observation, as far as the phases need it). */
export interface Observed {
  t: number;
  status: string;
  /** "Variant: Status – message" of the latest variant status. */
  phase?: string;
  alarms?: Readonly<Record<string, string>>;
}

/** A deployment as the charts need it (its request, its span and what the poller saw). */
export interface DeploymentRecord {
  requested: string;
  startedAt: number;
  finishedAt: number;
  timeline: readonly Observed[];
}

const TRANSITIONAL = new Set(["Creating", "Updating", "SystemUpdating", "RollingBack"]);

function phaseName(o: Observed, seen: ReadonlySet<string>): string | undefined {
  if (o.status === "RollingBack") return "rollback";
  if (!TRANSITIONAL.has(o.status)) return undefined;
  const kind = o.phase?.split(":")[1]?.split("–")[0]?.trim();
  switch (kind) {
    case "Creating":
      return "launch";
    case "ActivatingTraffic":
      return seen.has("canary bake") ? "full shift" : "canary shift";
    case "Baking":
      return seen.has("full shift") ? "final bake" : "canary bake";
    case "Deleting":
      return "terminate";
    default:
      return o.status.toLowerCase();
  }
}

/** Consecutive polls in the same phase, each phase lasting until the next poll that shows another. */
export function deploymentPhases(d: DeploymentRecord): Phase[] {
  const phases: Phase[] = [];
  const seen = new Set<string>();
  d.timeline.forEach((o, i) => {
    const name = phaseName(o, seen);
    const end = d.timeline[i + 1]?.t ?? d.finishedAt;
    const last = phases.at(-1);
    if (name === undefined) return;
    seen.add(name);
    if (last?.label === name && last.end === o.t) last.end = end;
    else phases.push({ label: name, start: o.t, end });
  });
  return phases;
}

/** The UpdateEndpoint call that started the deployment. */
export const updateMoment = (d: DeploymentRecord): Moment => ({
  label: `UpdateEndpoint → ${d.requested}`,
  at: d.startedAt,
});
