/**
 * A deployment's phases from what a poller saw: DescribeEndpoint's status
 * and the variant status of the fleet being deployed (Creating,
 * ActivatingTraffic, Baking, …), named as the deployment plan reads – a
 * canary's shift and bake, LINEAR and rolling steps "step k/n" with the share
 * of the traffic each puts on the new fleet – and the wait for the rollback
 * alarms to leave ALARM before the request, when there was one.
 */
import type { Moment, Phase } from "./time-series";

/** One poll of the endpoint (the poller's observation, as far as the phases need it). */
export interface Observed {
  t: number;
  status: string;
  /** "Variant: Status – message" of the latest variant status. */
  phase?: string;
  /** Share of the traffic weight on the new fleet; undefined when nothing is pending. */
  newFleetShare?: number;
  alarms?: Readonly<Record<string, string>>;
}

/** The wait before the request for rollback alarms still in ALARM. */
export interface AlarmWaitRecord {
  startedAt: number;
  finishedAt: number;
  alarms: readonly string[];
  timeline?: readonly Observed[];
}

/** A deployment as the charts need it (its request, its span and what the poller saw). */
export interface DeploymentRecord {
  requested: string;
  /** When UpdateEndpoint was sent. */
  startedAt: number;
  finishedAt: number;
  timeline: readonly Observed[];
  /** Traffic steps the DeploymentConfig plans: 1 all at once, 2 a canary, one per LINEAR step or rolling batch. */
  trafficSteps?: number;
  alarmWait?: AlarmWaitRecord;
}

const TRANSITIONAL = new Set(["Creating", "Updating", "SystemUpdating", "RollingBack"]);

/** TestAlarm-5XXErrors-weather-prediction-endpoint → 5XXErrors. */
export const shortAlarmName = (alarm: string): string =>
  /^TestAlarm-([^-]+)-/.exec(alarm)?.[1] ?? alarm.replace(/^TestAlarm-/, "");

const kindOf = (o: Observed): string | undefined => o.phase?.split(":")[1]?.split("–")[0]?.trim();

/** The k-th traffic shift's name, of n planned. */
function shiftName(k: number, n: number | undefined): string {
  if (n === 1) return "traffic shift";
  if (n === 2) return k === 1 ? "canary shift" : "full shift";
  return n === undefined ? `shift ${k}` : `step ${k}/${n}`;
}

/** The bake after the k-th shift: the final bake after the last one. */
function bakeName(k: number, n: number | undefined): string {
  if (n !== undefined && k >= n) return "final bake";
  if (n === 2) return "canary bake";
  return n === undefined ? `bake ${k}` : `bake ${k}/${n}`;
}

interface Named {
  label: string;
  kind: string;
}

function phaseOf(o: Observed, shifts: number, n: number | undefined): Named | undefined {
  if (o.status === "RollingBack") return { label: "rollback", kind: "rollback" };
  if (!TRANSITIONAL.has(o.status)) return undefined;
  switch (kindOf(o)) {
    case "Creating":
      return { label: "launch", kind: "launch" };
    case "ActivatingTraffic":
      return { label: shiftName(shifts, n), kind: "shift" };
    case "Baking":
      return { label: bakeName(shifts, n), kind: shifts >= (n ?? Infinity) ? "final bake" : "bake" };
    case "Deleting":
      return { label: "terminate", kind: "terminate" };
    default:
      return { label: o.status.toLowerCase(), kind: "other" };
  }
}

/**
 * Consecutive polls in the same phase, each phase lasting until the next poll that shows another; a
 * shift notes the share of the traffic the new fleet had once it was done (the most seen before the
 * next shift).
 */
export function deploymentPhases(d: DeploymentRecord): Phase[] {
  const phases: Phase[] = [];
  if (d.alarmWait) {
    phases.push({
      label: `alarm wait: ${d.alarmWait.alarms.map(shortAlarmName).join(", ")} in ALARM`,
      kind: "alarm wait",
      start: d.alarmWait.startedAt,
      end: d.startedAt,
    });
  }
  let shifts = 0;
  let shift: { phase: Phase; share: number } | undefined;
  const noteShare = (): void => {
    if (shift && shift.share > 0) shift.phase.note = `${Math.round(shift.share * 100)} %`;
  };
  d.timeline.forEach((o, i) => {
    const startsShift = kindOf(o) === "ActivatingTraffic" && TRANSITIONAL.has(o.status) && o.status !== "RollingBack";
    const last = phases.at(-1);
    if (startsShift && !(last?.kind === "shift" && last.end === o.t)) {
      noteShare();
      shifts += 1;
      shift = undefined;
    }
    if (o.status === "RollingBack") {
      noteShare();
      shift = undefined;
    }
    const named = phaseOf(o, shifts, d.trafficSteps);
    const end = d.timeline[i + 1]?.t ?? d.finishedAt;
    if (named !== undefined) {
      if (last?.label === named.label && last.end === o.t) last.end = end;
      else phases.push({ label: named.label, kind: named.kind, start: o.t, end });
      const current = phases.at(-1);
      if (named.kind === "shift" && current && !shift) shift = { phase: current, share: 0 };
    }
    if (shift) shift.share = Math.max(shift.share, o.newFleetShare ?? 0);
  });
  noteShare();
  return phases;
}

/** The UpdateEndpoint request that started the deployment, at the moment it was sent. */
export const updateMoment = (d: DeploymentRecord): Moment => ({
  label: `UpdateEndpoint sent → ${d.requested}`,
  at: d.startedAt,
});
