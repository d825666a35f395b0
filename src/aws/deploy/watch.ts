/**
 * Watching an endpoint: polls DescribeEndpoint (and the rollback alarms) into
 * a timeline of observations, shown as one live status block that is updated
 * in place. Every phase a poller can see – Creating, Updating, RollingBack,
 * InService, Failed – lands in the timeline.
 */
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeEndpointCommand, type DescribeEndpointCommandOutput } from "@aws-sdk/client-sagemaker";
import type { Clients } from "../clients";
import { liveLine } from "../../view/live/log";
import { isNotFound } from "../errors";

export interface Observation {
  /** Epoch ms of the poll. */
  t: number;
  /** EndpointStatus, or "Gone" once the endpoint no longer exists. */
  status: string;
  /** The config currently serving. */
  configName?: string;
  /** The config being deployed, while a deployment is pending. */
  pendingConfigName?: string;
  /** The latest variant status message of the pending deployment (or of the endpoint). */
  phase?: string;
  failureReason?: string;
  /** LastModifiedTime (epoch ms): every status change moves it. */
  lastModified?: number;
  /** Instances up in both fleets (CurrentInstanceCount of the serving and the pending variants): the deployment's capacity cost. */
  instances: number;
  /** Share of the traffic weight on the pending fleet (its variants' CurrentWeight over all); undefined when nothing is pending. */
  newFleetShare?: number;
  /** State of each watched alarm at this poll. */
  alarms: Record<string, string>;
}

export const TRANSITIONAL = new Set(["Creating", "Updating", "SystemUpdating", "RollingBack", "Deleting"]);

export async function describeEndpoint(
  clients: Clients,
  name: string,
): Promise<DescribeEndpointCommandOutput | undefined> {
  try {
    return await clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

function phaseOf(d: DescribeEndpointCommandOutput): string | undefined {
  const variants = d.PendingDeploymentSummary?.ProductionVariants ?? d.ProductionVariants ?? [];
  const statuses = variants.flatMap((v) =>
    (v.VariantStatus ?? []).map((s) => `${v.VariantName}: ${s.Status} – ${s.StatusMessage ?? ""}`),
  );
  return statuses.at(-1);
}

const sumOf = (
  variants: ReadonlyArray<{ CurrentInstanceCount?: number; CurrentWeight?: number }> | undefined,
  member: "CurrentInstanceCount" | "CurrentWeight",
): number => (variants ?? []).reduce((total, v) => total + (v[member] ?? 0), 0);

function newFleetShare(d: DescribeEndpointCommandOutput): number | undefined {
  const pending = d.PendingDeploymentSummary?.ProductionVariants;
  if (!pending) return undefined;
  const total = sumOf(pending, "CurrentWeight") + sumOf(d.ProductionVariants, "CurrentWeight");
  return total > 0 ? sumOf(pending, "CurrentWeight") / total : 0;
}

/** The state of each named alarm; composite ones too (DescribeAlarms lists them only when AlarmTypes asks). */
async function alarmStates(clients: Clients, names: readonly string[]): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  const out = await clients.cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ["CompositeAlarm", "MetricAlarm"] }),
  );
  return Object.fromEntries(
    [...(out.CompositeAlarms ?? []), ...(out.MetricAlarms ?? [])].map((a) => [a.AlarmName ?? "", a.StateValue ?? ""]),
  );
}

export async function observe(clients: Clients, endpoint: string, alarmNames: readonly string[]): Promise<Observation> {
  const [d, alarms] = await Promise.all([describeEndpoint(clients, endpoint), alarmStates(clients, alarmNames)]);
  if (!d) return { t: clients.clock.now(), status: "Gone", instances: 0, alarms };
  return {
    t: clients.clock.now(),
    status: d.EndpointStatus ?? "Unknown",
    configName: d.EndpointConfigName,
    pendingConfigName: d.PendingDeploymentSummary?.EndpointConfigName,
    phase: phaseOf(d),
    failureReason: d.FailureReason,
    lastModified: d.LastModifiedTime?.getTime(),
    instances:
      sumOf(d.ProductionVariants, "CurrentInstanceCount") +
      sumOf(d.PendingDeploymentSummary?.ProductionVariants, "CurrentInstanceCount"),
    newFleetShare: newFleetShare(d),
    alarms,
  };
}

/**
 * AWS words every bake "Baking for N seconds (TerminationWaitInSeconds)", the canary's and each linear step's
 * included, though those last WaitIntervalInSeconds: while part of the traffic is still on the old fleet, say so.
 */
export function bakeNote(o: Observation): string | undefined {
  if (!o.phase?.includes("(TerminationWaitInSeconds)") || o.newFleetShare === undefined || o.newFleetShare >= 1)
    return undefined;
  return (
    `↳ AWS names TerminationWaitInSeconds in every bake message; with ${Math.round(o.newFleetShare * 100)} % of the traffic ` +
    `on the new fleet this bake is a traffic step's, and lasts WaitIntervalInSeconds.`
  );
}

/** The live status block for the latest observation. */
export function statusText(
  title: string,
  startedAt: number,
  o: Observation,
  seen: readonly string[],
  clock?: string,
): string {
  const lines = [
    `${title}  [${((o.t - startedAt) / 1000).toFixed(1)} s${clock ? `, ${clock}` : ""}]`,
    `status: ${o.status}   serving: ${o.configName ?? "-"}${o.pendingConfigName ? `   deploying: ${o.pendingConfigName}` : ""}`,
  ];
  if (o.phase) lines.push(`  ${o.phase}`);
  const note = bakeNote(o);
  if (note) lines.push(`  ${note}`);
  const alarms = Object.entries(o.alarms);
  if (alarms.length > 0) lines.push(`alarms: ${alarms.map(([n, s]) => `${n} ${s}`).join(" · ")}`);
  lines.push(`phases: ${seen.join(" → ")}`);
  if (o.failureReason) lines.push(`FailureReason: ${o.failureReason}`);
  return lines.join("\n");
}

export interface WatchOptions {
  title: string;
  pollMs: number;
  alarmNames?: readonly string[];
  /** Stop once this holds for an observation (default: the endpoint is no longer transitional). */
  until?: (o: Observation, timeline: readonly Observation[]) => boolean;
  /** Give up after this long (ms). */
  timeoutMs?: number;
}

/**
 * Stop condition after a create or update towards `configName`: the endpoint
 * is settled and either serves that config or has been through a transition
 * (and so rolled back or failed) – a first poll may still show the old state.
 * A transition can also start and end between two polls (a deployment stopped
 * at once by an alarm): `lastModifiedBefore`, the endpoint's LastModifiedTime
 * when the request was sent, tells that one from a request not yet acted on.
 */
export function settledAfter(configName: string, lastModifiedBefore?: number): NonNullable<WatchOptions["until"]> {
  return (o, timeline) =>
    !TRANSITIONAL.has(o.status) &&
    o.pendingConfigName === undefined &&
    (o.configName === configName ||
      timeline.some((p) => TRANSITIONAL.has(p.status)) ||
      (lastModifiedBefore !== undefined && o.lastModified !== undefined && o.lastModified > lastModifiedBefore));
}

/** A label per phase: the status plus the variant status kind while deploying. */
export function phaseLabel(o: Observation): string {
  const kind = o.phase?.split(":")[1]?.split("–")[0]?.trim();
  return kind && TRANSITIONAL.has(o.status) ? `${o.status}(${kind})` : o.status;
}

/** The shortest real pause between two polls: on a fast emulator clock the profile's interval may be shorter. */
const MIN_POLL_MS = 100;

export async function watchEndpoint(clients: Clients, endpoint: string, options: WatchOptions): Promise<Observation[]> {
  const startedAt = clients.clock.now();
  const timeline: Observation[] = [];
  const seen: string[] = [];
  const line = liveLine();
  const until = options.until ?? ((o: Observation) => !TRANSITIONAL.has(o.status));
  for (;;) {
    const o = await observe(clients, endpoint, options.alarmNames ?? []);
    timeline.push(o);
    const label = phaseLabel(o);
    if (seen.at(-1) !== label) seen.push(label);
    const text = statusText(options.title, startedAt, o, seen, clients.clock.label);
    if (until(o, timeline)) {
      line.done(text);
      return timeline;
    }
    line.update(text);
    if (options.timeoutMs !== undefined && clients.clock.now() - startedAt > options.timeoutMs) {
      line.done(text);
      throw new Error(`${options.title}: still ${o.status} after ${options.timeoutMs / 1000} s.`);
    }
    // Polls keep the profile's pace in the service's time, but no more often than a real MIN_POLL_MS.
    await clients.clock.sleep(Math.max(options.pollMs, MIN_POLL_MS * clients.clock.scale));
  }
}
