/**
 * UpdateEndpoint sent from a cell, with whatever DeploymentConfig the cell
 * wrote: the rollback alarms it names are first let out of ALARM, traffic runs
 * throughout a guarded deployment (guardrails judge live traffic), the endpoint
 * is watched until it settles, and the verdict – promoted or rolled back, with
 * the FailureReason captured before anything else can clear it – returned.
 */
import {
  DescribeEndpointConfigCommand,
  UpdateEndpointCommand,
  type DeploymentConfig,
  type UpdateEndpointCommandInput,
} from "@aws-sdk/client-sagemaker";
import { NotebookError, withNextStep } from "../errors";
import { log } from "../../view/live/log";
import { showRequest } from "../../view/live/request";
import type { Session } from "../session";
import { trafficDuring } from "../traffic";
import { settled } from "./endpoint";
import { trafficSteps } from "./steps";
import { blastRadius, outcomeOf, type AlarmWait, type Verdict } from "./verdict";
import { observe, settledAfter, watchEndpoint, type Observation } from "./watch";

/** The alarms a DeploymentConfig rolls back on. */
export function rollbackAlarms(config: DeploymentConfig | undefined): string[] {
  return (config?.AutoRollbackConfiguration?.Alarms ?? []).map((a) => a.AlarmName ?? "").filter((n) => n !== "");
}

/** How long a deployment may take: its own MaximumExecutionTimeoutInSeconds, else the profile's, plus the final waits. */
function timeoutMs(session: Session, config: DeploymentConfig | undefined): number {
  const policy = config?.BlueGreenUpdatePolicy ?? config?.RollingUpdatePolicy;
  return ((policy?.MaximumExecutionTimeoutInSeconds ?? session.config.profile.maxExecutionSeconds) + 120) * 1000;
}

/** The watched alarms in ALARM at an observation. */
const inAlarm = (o: Observation | undefined): string[] =>
  Object.entries(o?.alarms ?? {})
    .filter(([, state]) => state === "ALARM")
    .map(([name]) => name);

/**
 * An alarm still in ALARM from an earlier rollback would stop the next
 * deployment at once (SageMaker checks the alarms when an update starts), so
 * wait until none is. Traffic keeps flowing meanwhile, as it would in
 * production: healthy datapoints are what bring an alarm back to OK – with
 * no data at all CloudWatch keeps judging the last breaching one. Returns the
 * wait when there was one (an alarm in ALARM at the first poll); when there is
 * none, nothing is sent, so every request of a deployment is in its verdict.
 */
async function waitForAlarmsToClear(
  session: Session,
  endpoint: string,
  alarms: readonly string[],
  limitSeconds: number | undefined,
): Promise<AlarmWait | undefined> {
  const { clients, config, payloads } = session;
  const startedAt = clients.clock.now();
  const waitedOn = inAlarm(await observe(clients, endpoint, alarms));
  if (waitedOn.length === 0) return undefined;
  const { result: timeline, records: traffic } = await trafficDuring(
    clients,
    endpoint,
    payloads.rows,
    config.profile.requestsPerSecond,
    () =>
      watchEndpoint(clients, endpoint, {
        title: "Waiting for the rollback alarms to leave ALARM before sending UpdateEndpoint",
        pollMs: config.profile.pollMs,
        alarmNames: alarms,
        until: (o) =>
          Object.values(o.alarms).every((s) => s !== "ALARM") ||
          (limitSeconds !== undefined && o.t - startedAt >= limitSeconds * 1000),
      }),
  );
  session.lastTrafficAt = clients.clock.now();
  const stillInAlarm = inAlarm(timeline.at(-1));
  if (stillInAlarm.length > 0)
    log(
      `⏱️ ${stillInAlarm.join(", ")} still in ALARM after ${limitSeconds ?? 0} s: sending UpdateEndpoint anyway (SageMaker stops the deployment at once).`,
    );
  return { startedAt, finishedAt: clients.clock.now(), alarms: waitedOn, timeline, traffic };
}

/** The line that says a deployment has nothing to do, and what to run to watch it again. */
const alreadyServing = (endpoint: string, requested: string, guarded: boolean): string =>
  guarded
    ? `♻️ ${endpoint} already serves ${requested}: nothing to deploy. To watch this deployment again, ` +
      `first update the endpoint back to the config it started from (Task 2: the "back to version 1" cell), then rerun this cell.`
    : `♻️ ${endpoint} already serves ${requested}: nothing to update.`;

export interface UpdateOptions {
  /**
   * How long to wait for the rollback alarms to leave ALARM before sending (default: as long as it takes).
   * An alarm an erring old fleet keeps in ALARM never leaves it: past this wait the update is sent anyway,
   * and SageMaker stops it at once, as it would any deployment started under an alarm in ALARM.
   */
  alarmWaitLimitSeconds?: number;
}

/**
 * Sends the cell's UpdateEndpoint and watches it to its verdict. Without a
 * DeploymentConfig it is a plain update (skipped when the endpoint already
 * serves the config); with one, traffic runs from the request to the end.
 */
export function updateEndpoint(
  session: Session,
  input: UpdateEndpointCommandInput,
  options: UpdateOptions = {},
): Promise<Verdict> {
  showRequest("UpdateEndpoint", input);
  return withNextStep(session, async () => {
    const { clients, config } = session;
    const endpoint = input.EndpointName ?? "";
    const requested = input.EndpointConfigName ?? "";
    const guarded = input.DeploymentConfig !== undefined;
    const alarms = rollbackAlarms(input.DeploymentConfig);
    const before = await settled(session, endpoint);
    if (!before) throw new NotebookError(`Endpoint ${endpoint} does not exist: run Task 1 first.`);
    const previous = before.EndpointConfigName;
    if (before.EndpointStatus === "InService" && previous === requested) {
      log(alreadyServing(endpoint, requested, guarded));
      const startedAt = clients.clock.now();
      return {
        endpoint,
        requested,
        previous,
        attached: previous,
        outcome: "unchanged",
        startedAt,
        finishedAt: startedAt,
        timeline: [],
        traffic: [],
        blastRadius: { failedRequests: 0 },
        alarms,
      };
    }
    const newFleet = await clients.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: requested }));
    const instances = (newFleet.ProductionVariants ?? []).reduce((n, v) => n + (v.InitialInstanceCount ?? 0), 0);
    const alarmWait =
      alarms.length > 0
        ? await waitForAlarmsToClear(session, endpoint, alarms, options.alarmWaitLimitSeconds)
        : undefined;
    // The deployment counts from the request: its duration, its chart's marker and its status block's clock.
    const startedAt = clients.clock.now();
    await clients.sagemaker.send(new UpdateEndpointCommand(input));
    const watch = (): Promise<Observation[]> =>
      watchEndpoint(clients, endpoint, {
        title: `${endpoint}: ${previous ?? "?"} → ${requested}`,
        pollMs: config.profile.pollMs,
        alarmNames: alarms,
        until: settledAfter(requested, before.LastModifiedTime?.getTime()),
        timeoutMs: timeoutMs(session, input.DeploymentConfig),
      });
    const { result: timeline, records: sent } = guarded
      ? await trafficDuring(clients, endpoint, session.payloads.rows, config.profile.requestsPerSecond, watch)
      : { result: await watch(), records: [] };
    if (sent.length > 0) session.lastTrafficAt = clients.clock.now();
    const after = await settled(session, endpoint);
    const attached = after?.EndpointConfigName;
    return {
      endpoint,
      requested,
      previous,
      attached,
      outcome: outcomeOf(after, requested),
      failureReason: after?.FailureReason,
      lastDeploymentConfig: after?.LastDeploymentConfig,
      trafficSteps: trafficSteps(input.DeploymentConfig, instances),
      alarmWait,
      startedAt,
      finishedAt: clients.clock.now(),
      timeline,
      traffic: sent,
      blastRadius: blastRadius(sent, timeline, previous),
      alarms,
      clock: clients.clock.label,
    };
  });
}
