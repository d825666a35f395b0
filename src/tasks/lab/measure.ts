/**
 * What one guarded deployment cost, from the client's own record (every
 * request it sent) and the timeline of DescribeEndpoint polls: the lab's
 * per-run figures, before any CloudWatch cross-check.
 */
import type { Verdict } from "../../aws/deploy/verdict";

export interface RunMeasures {
  outcome: Verdict["outcome"];
  sent: number;
  /** Requests that failed: the blast radius. */
  failed: number;
  /**
   * Of the requests sent from the traffic shift (the first poll that saw the new fleet take traffic) to the
   * rollback, the share the new fleet answered (it fails every one).
   */
  newFleetShareBeforeRollback?: number;
  secondsFromFirstErrorToRollback?: number;
  /** First error → the endpoint InService again on the old config, nothing pending. */
  secondsFromFirstErrorToRecovery?: number;
  /** First poll after UpdateEndpoint → the endpoint settled (promoted or rolled back). */
  deploymentSeconds: number;
  /** Most instances up at once, both fleets counted. */
  peakInstances: number;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

export function measureRun(v: Verdict): RunMeasures {
  const first = v.timeline[0];
  const last = v.timeline.at(-1);
  const { firstErrorAt, rollbackSeenAt } = v.blastRadius;
  const shiftAt = v.timeline.find((o) => (o.newFleetShare ?? 0) > 0)?.t;
  const beforeRollback =
    rollbackSeenAt === undefined || shiftAt === undefined
      ? []
      : v.traffic.filter((r) => r.sentAt >= shiftAt && r.sentAt < rollbackSeenAt);
  return {
    outcome: v.outcome,
    sent: v.traffic.length,
    failed: v.blastRadius.failedRequests,
    newFleetShareBeforeRollback:
      beforeRollback.length > 0 ? beforeRollback.filter((r) => !r.ok).length / beforeRollback.length : undefined,
    secondsFromFirstErrorToRollback: v.blastRadius.secondsFromFirstErrorToRollback,
    secondsFromFirstErrorToRecovery:
      firstErrorAt !== undefined && last && v.outcome === "rolled back" ? seconds(last.t - firstErrorAt) : undefined,
    deploymentSeconds: first && last ? seconds(last.t - first.t) : 0,
    peakInstances: Math.max(0, ...v.timeline.map((o) => o.instances)),
  };
}
