/**
 * A guarded deployment: UpdateEndpoint with a canary (or any) DeploymentConfig
 * and auto-rollback alarms, traffic running throughout, the endpoint watched
 * until it settles, and an explicit verdict – promoted or rolled back, with
 * the FailureReason captured before anything else can clear it.
 */
import { UpdateEndpointCommand, type DeploymentConfig } from "@aws-sdk/client-sagemaker";
import type { Clients } from "../clients";
import type { TimingProfile } from "../config";
import { summarize, trafficDuring, type RequestRecord } from "../traffic";
import { describeEndpoint, settledAfter, TRANSITIONAL, watchEndpoint, type Observation } from "./watch";

/** The original notebook's canary: one instance first, bake, then everything, bake again. */
export function canaryDeploymentConfig(profile: TimingProfile, alarmNames: readonly string[]): DeploymentConfig {
  return {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration: {
        Type: "CANARY",
        CanarySize: { Type: "INSTANCE_COUNT", Value: 1 },
        WaitIntervalInSeconds: profile.canaryBakeSeconds,
      },
      TerminationWaitInSeconds: profile.finalBakeSeconds,
      MaximumExecutionTimeoutInSeconds: profile.maxExecutionSeconds,
    },
    AutoRollbackConfiguration: { Alarms: alarmNames.map((AlarmName) => ({ AlarmName })) },
  };
}

export type Outcome = "promoted" | "rolled back" | "failed";

export interface BlastRadius {
  /** Requests that failed during the deployment: answered by the faulty fleet. */
  failedRequests: number;
  firstErrorAt?: number;
  /** First poll that showed the rollback (RollingBack, or back on the old config). */
  rollbackSeenAt?: number;
  secondsFromFirstErrorToRollback?: number;
}

export interface Verdict {
  endpoint: string;
  requested: string;
  previous?: string;
  attached?: string;
  outcome: Outcome;
  failureReason?: string;
  startedAt: number;
  finishedAt: number;
  timeline: Observation[];
  traffic: RequestRecord[];
  blastRadius: BlastRadius;
}

export interface GuardedUpdateOptions {
  deploymentConfig?: DeploymentConfig;
  alarmNames: readonly string[];
  profile: TimingProfile;
  /** Payload rows for the traffic that runs during the deployment. */
  rows: readonly string[];
}

function blastRadius(traffic: readonly RequestRecord[], timeline: readonly Observation[], previous?: string): BlastRadius {
  const failures = traffic.filter((r) => !r.ok);
  const firstErrorAt = failures.length > 0 ? Math.min(...failures.map((r) => r.sentAt)) : undefined;
  const rollback = timeline.find((o) => o.status === "RollingBack") ??
    timeline.find((o, i) => i > 0 && o.status === "InService" && o.configName === previous && timeline.slice(0, i).some((p) => TRANSITIONAL.has(p.status)));
  const secondsFromFirstErrorToRollback =
    firstErrorAt !== undefined && rollback ? Math.round((rollback.t - firstErrorAt) / 100) / 10 : undefined;
  return { failedRequests: failures.length, firstErrorAt, rollbackSeenAt: rollback?.t, secondsFromFirstErrorToRollback };
}

export async function guardedUpdate(clients: Clients, endpoint: string, requested: string, options: GuardedUpdateOptions): Promise<Verdict> {
  const before = await describeEndpoint(clients, endpoint);
  if (!before) throw new Error(`Endpoint ${endpoint} does not exist: run Task 1 first.`);
  if (TRANSITIONAL.has(before.EndpointStatus ?? "")) {
    await watchEndpoint(clients, endpoint, { title: `Waiting for ${endpoint} to settle`, pollMs: options.profile.pollMs });
  }
  const previous = (await describeEndpoint(clients, endpoint))?.EndpointConfigName;
  const startedAt = Date.now();
  await clients.sagemaker.send(
    new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: requested, DeploymentConfig: options.deploymentConfig }),
  );
  const { result: timeline, records: sent } = await trafficDuring(clients, endpoint, options.rows, options.profile.requestsPerSecond, () =>
    watchEndpoint(clients, endpoint, {
      title: `${endpoint}: ${previous ?? "?"} → ${requested}`,
      pollMs: options.profile.pollMs,
      alarmNames: options.alarmNames,
      until: settledAfter(requested),
      timeoutMs: (options.profile.maxExecutionSeconds + 120) * 1000,
    }),
  );
  const after = await describeEndpoint(clients, endpoint);
  const attached = after?.EndpointConfigName;
  const outcome: Outcome =
    after?.EndpointStatus === "InService" && attached === requested ? "promoted" : after?.EndpointStatus === "InService" ? "rolled back" : "failed";
  return {
    endpoint,
    requested,
    previous,
    attached,
    outcome,
    failureReason: after?.FailureReason,
    startedAt,
    finishedAt: Date.now(),
    timeline,
    traffic: sent,
    blastRadius: blastRadius(sent, timeline, previous),
  };
}

/** The verdict in words, as the notebook prints it. */
export function verdictText(v: Verdict): string {
  const s = summarize(v.traffic);
  const head =
    v.outcome === "promoted"
      ? `✅ PROMOTED: ${v.requested} is serving.`
      : v.outcome === "rolled back"
        ? `↩️ ROLLED BACK: requested ${v.requested}, but ${v.attached} is attached.`
        : `❌ FAILED: the endpoint is not InService (attached: ${v.attached ?? "none"}).`;
  const lines = [
    head,
    `   requested config: ${v.requested}   attached config: ${v.attached ?? "-"}   previous: ${v.previous ?? "-"}`,
    `   duration: ${((v.finishedAt - v.startedAt) / 1000).toFixed(1)} s   traffic: ${s.sent} sent, ${s.ok} ok, ${s.errors} errors (p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms)`,
  ];
  if (v.failureReason) lines.push(`   FailureReason: ${v.failureReason}`);
  if (v.outcome !== "promoted" || v.blastRadius.failedRequests > 0) {
    const b = v.blastRadius;
    lines.push(
      `   blast radius: ${b.failedRequests} request(s) answered by the faulty fleet` +
        (b.secondsFromFirstErrorToRollback !== undefined ? `, ${b.secondsFromFirstErrorToRollback} s from first error to rollback` : ""),
    );
  }
  return lines.join("\n");
}
