/**
 * A deployment's verdict as data, and the pure judgement behind it: how it
 * ended (promoted, rolled back, failed), how many requests the faulty fleet
 * answered before the rollback, and the verdict in words.
 */
import type { DeploymentConfig } from "@aws-sdk/client-sagemaker";
import { summarize, type RequestRecord } from "../traffic";
import { TRANSITIONAL, type Observation } from "./watch";

export type Outcome = "promoted" | "rolled back" | "failed" | "unchanged";

export interface BlastRadius {
  /** Requests that failed during the deployment, whichever fleet answered them. */
  failedRequests: number;
  firstErrorAt?: number;
  /** First poll that showed the rollback (RollingBack, or back on the old config). */
  rollbackSeenAt?: number;
  secondsFromFirstErrorToRollback?: number;
  /** First poll after the rollback with the old fleet taking all the traffic again. */
  recoveredAt?: number;
}

/** The wait before UpdateEndpoint for rollback alarms still in ALARM (from an earlier rollback) to leave it. */
export interface AlarmWait {
  startedAt: number;
  finishedAt: number;
  /** The alarms that were in ALARM when the wait began. */
  alarms: string[];
  timeline: Observation[];
  /** Every request sent while waiting (traffic keeps flowing, as in production). */
  traffic: RequestRecord[];
}

/**
 * A deployment's verdict: how it ended, what a poller saw (timeline), every request sent during it and
 * the blast radius.
 */
export interface Verdict {
  endpoint: string;
  requested: string;
  previous?: string;
  attached?: string;
  outcome: Outcome;
  failureReason?: string;
  /** DescribeEndpoint's LastDeploymentConfig afterwards: the DeploymentConfig the endpoint last deployed with. */
  lastDeploymentConfig?: DeploymentConfig;
  /** When UpdateEndpoint was sent (epoch ms): the deployment's duration counts from here. */
  startedAt: number;
  finishedAt: number;
  /** The traffic steps the DeploymentConfig plans for the new fleet (canary 2, LINEAR and rolling one per step). */
  trafficSteps?: number;
  /** The wait for rollback alarms to leave ALARM before the request was sent, when there was one. */
  alarmWait?: AlarmWait;
  timeline: Observation[];
  traffic: RequestRecord[];
  blastRadius: BlastRadius;
  /** The rollback alarms the DeploymentConfig named (watched throughout). */
  alarms: readonly string[];
  /** The clock its times are on where it is not real time, e.g. "emulator clock ×30". */
  clock?: string;
}

/**
 * What a deployment cost its callers: the requests that failed while it ran,
 * and the time from the first of them to the first poll that showed the
 * rollback (RollingBack, or InService on `previous` again after a transition).
 */
export function blastRadius(
  traffic: readonly RequestRecord[],
  timeline: readonly Observation[],
  previous?: string,
): BlastRadius {
  const failures = traffic.filter((r) => !r.ok);
  const firstErrorAt = failures.length > 0 ? Math.min(...failures.map((r) => r.sentAt)) : undefined;
  const rollback =
    timeline.find((o) => o.status === "RollingBack") ??
    timeline.find(
      (o, i) =>
        i > 0 &&
        o.status === "InService" &&
        o.configName === previous &&
        timeline.slice(0, i).some((p) => TRANSITIONAL.has(p.status)),
    );
  const secondsFromFirstErrorToRollback =
    firstErrorAt !== undefined && rollback ? Math.round((rollback.t - firstErrorAt) / 100) / 10 : undefined;
  const recovered =
    rollback && timeline.find((o) => o.t >= rollback.t && (o.pendingConfigName === undefined || o.newFleetShare === 0));
  return {
    failedRequests: failures.length,
    firstErrorAt,
    rollbackSeenAt: rollback?.t,
    secondsFromFirstErrorToRollback,
    recoveredAt: recovered?.t,
  };
}

/** How the endpoint ended up: InService on the requested config is promoted, InService on another rolled back, anything else failed. */
export function outcomeOf(
  after: { EndpointStatus?: string; EndpointConfigName?: string } | undefined,
  requested: string,
): Outcome {
  if (after?.EndpointStatus !== "InService") return "failed";
  return after.EndpointConfigName === requested ? "promoted" : "rolled back";
}

/** A DeploymentConfig in one line: its policy, traffic routing and rollback alarms. */
export function deploymentConfigText(c: DeploymentConfig): string {
  const routing = c.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration;
  const rolling = c.RollingUpdatePolicy;
  const size = (s: { Type?: string; Value?: number } | undefined): string =>
    s ? `${s.Value ?? "?"}${s.Type === "CAPACITY_PERCENT" ? " %" : " instance(s)"}` : "";
  const policy = routing
    ? `BlueGreen ${routing.Type ?? "?"}` +
      (routing.CanarySize ? ` ${size(routing.CanarySize)}` : "") +
      (routing.LinearStepSize ? ` steps of ${size(routing.LinearStepSize)}` : "") +
      `, WaitIntervalInSeconds ${routing.WaitIntervalInSeconds ?? 0}, TerminationWaitInSeconds ${c.BlueGreenUpdatePolicy?.TerminationWaitInSeconds ?? 0}`
    : rolling
      ? `Rolling batches of ${size(rolling.MaximumBatchSize)}, WaitIntervalInSeconds ${rolling.WaitIntervalInSeconds ?? 0}`
      : "no update policy";
  const alarms = (c.AutoRollbackConfiguration?.Alarms ?? []).map((a) => a.AlarmName).join(", ");
  return `${policy}; AutoRollbackConfiguration: ${alarms || "none"}`;
}

/**
 * Which fleet the failed requests can be laid to. Until a poll sees traffic on the new fleet, a poll that sees the
 * pending fleet at weight 0 means everything sent so far went to the old fleet; after that, either fleet could have
 * answered (both serve under the same variant name, so the client cannot tell).
 */
export function failureOrigins(v: Pick<Verdict, "traffic" | "timeline">): { oldFleet: number; either: number } {
  const shifted = v.timeline.findIndex((o) => (o.newFleetShare ?? 0) > 0);
  const beforeShift = shifted === -1 ? v.timeline : v.timeline.slice(0, shifted);
  const oldFleetUntil = beforeShift.filter((o) => o.newFleetShare === 0).at(-1)?.t ?? -Infinity;
  const failures = v.traffic.filter((r) => !r.ok);
  const oldFleet = failures.filter((r) => r.sentAt <= oldFleetUntil).length;
  return { oldFleet, either: failures.length - oldFleet };
}

/** The failed requests in words: the blast radius when the new fleet may have answered them, the old fleet's errors when not. */
function failuresText(v: Verdict): string {
  const b = v.blastRadius;
  const { oldFleet, either } = failureOrigins(v);
  if (b.failedRequests === 0) return "blast radius: no request failed";
  if (oldFleet === 0)
    return (
      `blast radius: ${b.failedRequests} request(s) failed during the deployment` +
      (b.secondsFromFirstErrorToRollback !== undefined
        ? `, ${b.secondsFromFirstErrorToRollback} s from first error to rollback`
        : "")
    );
  const before = "sent before any poll saw the new fleet take traffic";
  if (either === 0) return `failed requests: ${oldFleet}, all ${before} – the old fleet's errors, not the new model's`;
  return `failed requests: ${b.failedRequests} – ${oldFleet} ${before} (the old fleet's), ${either} after (either fleet could have answered them)`;
}

/** What the failed requests were, e.g. ` [ModelError 500 ×16, ThrottlingException ×1]`; empty when none failed. */
function errorKindsText(traffic: readonly RequestRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of traffic.filter((r) => !r.ok)) {
    const kind = [r.error ?? "Error", r.originalStatusCode].filter((part) => part !== undefined).join(" ");
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts.size === 0 ? "" : ` [${[...counts].map(([kind, n]) => `${kind} ×${n}`).join(", ")}]`;
}

/** The verdict in words, as the notebook prints it. */
export function verdictText(v: Verdict): string {
  const s = summarize(v.traffic);
  if (v.outcome === "unchanged") return `♻️ UNCHANGED: ${v.requested} was already serving.`;
  const head =
    v.outcome === "promoted"
      ? `✅ PROMOTED: ${v.requested} is serving.`
      : v.outcome === "rolled back"
        ? `↩️ ROLLED BACK: requested ${v.requested}, but ${v.attached} is attached.`
        : `❌ FAILED: the endpoint is not InService (attached: ${v.attached ?? "none"}).`;
  const on = v.clock ? ` (${v.clock})` : "";
  const lines = [
    head,
    `   requested config: ${v.requested}   attached config: ${v.attached ?? "-"}   previous: ${v.previous ?? "-"}`,
  ];
  if (v.alarmWait) {
    const waited = ((v.alarmWait.finishedAt - v.alarmWait.startedAt) / 1000).toFixed(1);
    lines.push(`   before sending: ${waited} s${on} waiting for ${v.alarmWait.alarms.join(", ")} to leave ALARM`);
  }
  lines.push(
    `   duration from UpdateEndpoint: ${((v.finishedAt - v.startedAt) / 1000).toFixed(1)} s${on}   traffic: ${s.sent} sent, ${s.ok} ok, ${s.errors} errors${errorKindsText(v.traffic)} (p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms)`,
  );
  if (v.failureReason) lines.push(`   FailureReason: ${v.failureReason}`);
  if (v.outcome === "rolled back" && v.lastDeploymentConfig) {
    lines.push(`   LastDeploymentConfig (DescribeEndpoint): ${deploymentConfigText(v.lastDeploymentConfig)}`);
  }
  if (v.outcome !== "promoted" || v.blastRadius.failedRequests > 0) lines.push(`   ${failuresText(v)}`);
  return lines.join("\n");
}
