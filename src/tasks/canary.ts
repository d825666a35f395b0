/**
 * Task 2 after each guarded deployment: its timeline, with the traffic each
 * fleet answered by CloudWatch's count.
 */
import type { Figure } from "../view/charts/figure";
import { noDeploymentChart, timelineChart, type AlarmMetric } from "../view/charts/timeline";
import { describeAlarms } from "../aws/alarms";
import type { Verdict } from "../aws/deploy/verdict";
import { untilPublished } from "../aws/published";
import {
  configsWithTraffic,
  metricSeries,
  variantDimensions,
  workWindow,
  type MetricSeries,
  type Window,
} from "../aws/metrics";
import type { Session } from "../aws/session";
import { PRODUCTION_VARIANT } from "./variants";

/** From the wait for the alarms (or the UpdateEndpoint) to the verdict. */
const deploymentWindow = (session: Session, verdict: Verdict): Window =>
  workWindow(
    [verdict.alarmWait?.startedAt ?? verdict.startedAt, verdict.finishedAt],
    session.config.profile.metricsPublication.intervalSeconds,
  );

/** Invocations per period answered by each config's fleet during the deployment (fleets that answered nothing left out). */
export async function trafficByConfig(session: Session, verdict: Verdict): Promise<MetricSeries[]> {
  const { endpointName } = session.config;
  await untilPublished(session);
  const configs = (await configsWithTraffic(session.clients, endpointName))
    .filter((c) => c.variant === PRODUCTION_VARIANT)
    .map((c) => c.configName);
  const fleets = await metricSeries(
    session.clients,
    configs.map((c) => ({
      label: c,
      namespace: "AWS/SageMaker",
      metric: "Invocations",
      stat: "Sum",
      dimensions: variantDimensions(endpointName, PRODUCTION_VARIANT, c),
    })),
    deploymentWindow(session, verdict),
  );
  return fleets.filter((f) => f.values.some((v) => (v ?? 0) > 0));
}

/** Each rollback alarm's metric at the alarm's own period over the deployment, for its breaching datapoints. */
async function alarmMetrics(session: Session, verdict: Verdict): Promise<AlarmMetric[]> {
  const window = deploymentWindow(session, verdict);
  const alarms = await describeAlarms(session, verdict.alarms);
  const perAlarm = await Promise.all(
    alarms.map(async (a) => {
      const query = {
        label: a.AlarmName ?? "",
        namespace: a.Namespace ?? "",
        metric: a.MetricName ?? "",
        stat: a.Statistic ?? "Sum",
        dimensions: a.Dimensions ?? [],
      };
      const series = await metricSeries(session.clients, [query], {
        ...window,
        periodSeconds: a.Period ?? window.periodSeconds,
      });
      return series.map((s) => ({
        name: query.label,
        threshold: a.Threshold ?? 0,
        statistic: `${query.metric} ${query.stat}`,
        series: s,
      }));
    }),
  );
  return perAlarm.flat();
}

/** What a deployment's timeline shows from CloudWatch: each fleet's requests and each rollback alarm's metric. */
export async function timelineData(
  session: Session,
  verdict: Verdict,
): Promise<{ fleets: MetricSeries[]; alarms: AlarmMetric[] }> {
  const [fleets, alarms] = await Promise.all([trafficByConfig(session, verdict), alarmMetrics(session, verdict)]);
  return { fleets, alarms };
}

/**
 * A deployment's timeline chart: its phases, each rollback alarm's state with its breaching
 * datapoints, and the requests each fleet answered per period (CloudWatch) with those that failed.
 * Nothing deployed (the config already served): a chart that says so.
 */
export async function canaryTimeline(session: Session, verdict: Verdict): Promise<Figure> {
  if (verdict.outcome === "unchanged") return noDeploymentChart(verdict.endpoint, verdict.requested);
  const { fleets, alarms } = await timelineData(session, verdict);
  return timelineChart(verdict, fleets, alarms);
}

/** The requests the requested config's fleet answered, by CloudWatch's count. */
export async function answeredByFleet(session: Session, verdict: Verdict): Promise<number> {
  const fleet = (await trafficByConfig(session, verdict)).find((f) => f.label === verdict.requested);
  return (fleet?.values ?? []).reduce<number>((a, b) => a + (b ?? 0), 0);
}
