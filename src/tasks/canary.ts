/**
 * Task 2: the three guarded canary deployments of v2 – each from a settled
 * endpoint with cleared alarms, traffic running, watched to its verdict, and
 * charted as a timeline with the traffic each fleet answered.
 */
import { DataFrame } from "danfojs-node";
import { alarmNames, ensureAlarms } from "../alarms";
import type { Figure } from "../charts/figure";
import { timelineChart } from "../charts/metric-charts";
import { configName, type Slot } from "../config";
import { canaryDeploymentConfig, guardedUpdate, type Verdict } from "../deploy/canary";
import { ensureEndpointOn } from "../deploy/endpoint";
import { watchEndpoint } from "../deploy/watch";
import { configsWithTraffic, metricFrame, variantDimensions } from "../metrics";
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

/** Invocations per period answered by each config's fleet during the deployment window. */
export async function trafficByConfig(session: Session, verdict: Verdict): Promise<{ frame: DataFrame; configs: string[] }> {
  const { endpointName, profile } = session.config;
  const configs = (await configsWithTraffic(session.clients, endpointName)).filter((c) => c.variant === PRODUCTION_VARIANT).map((c) => c.configName);
  const margin = profile.chartPeriodSeconds * 1000;
  const frame = await metricFrame(
    session.clients,
    configs.map((c) => ({ label: c, namespace: "AWS/SageMaker", metric: "Invocations", stat: "Sum", dimensions: variantDimensions(endpointName, PRODUCTION_VARIANT, c) })),
    { start: new Date(verdict.startedAt - margin), end: new Date(verdict.finishedAt + margin), periodSeconds: profile.chartPeriodSeconds },
  );
  const active = configs.filter((c) => (frame[c].values as number[]).some((v) => v > 0));
  return { frame, configs: active };
}

export async function canaryTimeline(session: Session, verdict: Verdict): Promise<Figure> {
  const { frame, configs } = await trafficByConfig(session, verdict);
  return timelineChart(verdict, frame, configs);
}

/** The requests the requested config's fleet answered, by CloudWatch's count. */
export async function answeredByFleet(session: Session, verdict: Verdict): Promise<number> {
  const { frame } = await trafficByConfig(session, verdict);
  return frame.columns.includes(verdict.requested) ? (frame[verdict.requested].values as number[]).reduce((a, b) => a + b, 0) : 0;
}
