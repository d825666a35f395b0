/**
 * Task 2: the three guarded canary deployments of v2 – each from a settled
 * endpoint with cleared alarms, traffic running, watched to its verdict, and
 * charted as a timeline with the traffic each fleet answered.
 */
import { alarmNames, describeAlarms, ensureAlarms } from "../alarms";
import type { Figure } from "../charts/figure";
import type { PeriodSeries } from "../charts/time-series";
import { timelineChart, type AlarmMetric } from "../charts/timeline";
import { configName, type Slot } from "../config";
import { canaryDeploymentConfig, guardedUpdate, type Verdict } from "../deploy/canary";
import { ensureEndpointOn } from "../deploy/endpoint";
import { watchEndpoint } from "../deploy/watch";
import { configsWithTraffic, METRIC_RESOLUTION_SECONDS, metricSeries, variantDimensions, workWindow, type Window } from "../metrics";
import { trafficDuring } from "../traffic";
import { ensureVersion, PRODUCTION_VARIANT } from "./resources";
import type { Session } from "./session";

/** v2 models and configs, the alarms, and the endpoint back on v1-1: every run of Task 2 starts here. */
export async function prepareCanaries(session: Session): Promise<void> {
  await ensureVersion(session, "v1");
  await ensureVersion(session, "v2");
  await ensureAlarms(session.clients, session.config);
  await ensureEndpointOn(session.clients, session.config.endpointName, configName("v1", 1), session.config.profile.pollMs);
}

/**
 * An alarm still in ALARM from an earlier rollback would stop the next
 * deployment at once (SageMaker checks the alarms when an update starts), so
 * wait until none is. Traffic keeps flowing meanwhile, as it would in
 * production: healthy datapoints are what bring an alarm back to OK – with
 * no data at all CloudWatch keeps judging the last breaching one.
 */
async function waitForAlarmsToClear(session: Session): Promise<void> {
  const { clients, config, payloads } = session;
  await trafficDuring(clients, config.endpointName, payloads.rows, config.profile.requestsPerSecond, () =>
    watchEndpoint(clients, config.endpointName, {
      title: "Waiting for the rollback alarms to leave ALARM",
      pollMs: config.profile.pollMs,
      alarmNames: alarmNames(config),
      until: (o) => Object.values(o.alarms).every((s) => s !== "ALARM"),
    }),
  );
}

export async function canary(session: Session, slot: Slot): Promise<Verdict> {
  await waitForAlarmsToClear(session);
  const names = alarmNames(session.config);
  return guardedUpdate(session.clients, session.config.endpointName, configName("v2", slot), {
    deploymentConfig: canaryDeploymentConfig(session.config.profile, names),
    alarmNames: names,
    profile: session.config.profile,
    rows: session.payloads.rows,
  });
}

/** From one period before the UpdateEndpoint to one period after the verdict. */
const deploymentWindow = (session: Session, verdict: Verdict): Window =>
  workWindow([verdict.startedAt, verdict.finishedAt], METRIC_RESOLUTION_SECONDS[session.config.target]);

/** Invocations per period answered by each config's fleet during the deployment (fleets that answered nothing left out). */
export async function trafficByConfig(session: Session, verdict: Verdict): Promise<PeriodSeries[]> {
  const { endpointName } = session.config;
  const configs = (await configsWithTraffic(session.clients, endpointName)).filter((c) => c.variant === PRODUCTION_VARIANT).map((c) => c.configName);
  const fleets = await metricSeries(
    session.clients,
    configs.map((c) => ({ label: c, namespace: "AWS/SageMaker", metric: "Invocations", stat: "Sum", dimensions: variantDimensions(endpointName, PRODUCTION_VARIANT, c) })),
    deploymentWindow(session, verdict),
  );
  return fleets.filter((f) => f.values.some((v) => (v ?? 0) > 0));
}

/** Each rollback alarm's metric at the alarm's own period over the deployment, for its breaching datapoints. */
async function alarmMetrics(session: Session, verdict: Verdict): Promise<AlarmMetric[]> {
  const window = deploymentWindow(session, verdict);
  const alarms = await describeAlarms(session.clients, session.config);
  return Promise.all(
    alarms.map(async (a) => {
      const query = { label: a.AlarmName ?? "", namespace: a.Namespace ?? "", metric: a.MetricName ?? "", stat: a.Statistic ?? "Sum", dimensions: a.Dimensions ?? [] };
      const [series] = await metricSeries(session.clients, [query], { ...window, periodSeconds: a.Period ?? window.periodSeconds });
      return { name: query.label, threshold: a.Threshold ?? 0, statistic: `${query.metric} ${query.stat}`, series: series! };
    }),
  );
}

export async function canaryTimeline(session: Session, verdict: Verdict): Promise<Figure> {
  const [fleets, alarms] = await Promise.all([trafficByConfig(session, verdict), alarmMetrics(session, verdict)]);
  return timelineChart(verdict, fleets, alarms);
}

/** The requests the requested config's fleet answered, by CloudWatch's count. */
export async function answeredByFleet(session: Session, verdict: Verdict): Promise<number> {
  const fleet = (await trafficByConfig(session, verdict)).find((f) => f.label === verdict.requested);
  return (fleet?.values ?? []).reduce<number>((a, b) => a + (b ?? 0), 0);
}
