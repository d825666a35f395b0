/**
 * Task 1 after the endpoint is up: the inference test with live traffic, and
 * the CloudWatch metrics charted.
 */
import { DataFrame } from "danfojs-node";
import type { Figure } from "../view/charts/figure";
import { deploymentPhases, updateMoment } from "../view/charts/phases";
import { timeSeriesChart } from "../view/charts/time-series";
import type { Verdict } from "../aws/deploy/verdict";
import { untilPublished } from "../aws/published";
import {
  endpointMetricQueries,
  ENDPOINT_METRICS,
  metricSeries,
  trafficWindow,
  variantDimensions,
  workWindow,
} from "../aws/metrics";
import { sendTraffic, summarize, type RequestRecord, type TrafficSummary } from "../aws/traffic";
import { PRODUCTION_VARIANT } from "./variants";
import type { Session } from "../aws/session";

export interface InferenceTest {
  records: RequestRecord[];
  summary: TrafficSummary;
  startedAt: Date;
}

/** Sends the profile's number of test requests, one payload row each, with `.`/`E` progress. */
export async function inferenceTest(
  session: Session,
  count = session.config.profile.testRequests,
): Promise<InferenceTest> {
  const startedAt = new Date(session.clients.clock.now());
  const records = await sendTraffic(session.clients, session.config.endpointName, session.payloads.rows, {
    requestsPerSecond: session.config.profile.requestsPerSecond,
    count,
  });
  session.lastTrafficAt = session.clients.clock.now();
  return { records, summary: summarize(records), startedAt };
}

/** An inference test's summary as a one-row table: requests sent, ok, errors and latency percentiles. */
export function summaryTable(summary: TrafficSummary): DataFrame {
  return new DataFrame([
    {
      sent: summary.sent,
      ok: summary.ok,
      errors: summary.errors,
      "p50 ms": summary.p50Ms,
      "p90 ms": summary.p90Ms,
      "p99 ms": summary.p99Ms,
    },
  ]);
}

/** The work a metric chart describes: an inference test, or deployments (from their UpdateEndpoint to their verdict). */
export type ChartedWork = InferenceTest | readonly Verdict[];

/**
 * The original notebook's five charts (Invocations, 4XX, 5XX, ModelLatency,
 * OverheadLatency) for a variant, over the work they describe (`during`):
 * from one period before its first request to one period after its last,
 * deployments shaded by phase with their UpdateEndpoint marked. Without a
 * config filter they show every fleet's traffic, old and new.
 */
export async function endpointMetricCharts(
  session: Session,
  options: { variant?: string; configName?: string; during?: ChartedWork } = {},
): Promise<Figure[]> {
  const { endpointName, profile } = session.config;
  await untilPublished(session);
  const variant = options.variant ?? PRODUCTION_VARIANT;
  const work = options.during;
  const deployments = work === undefined || "records" in work ? [] : work;
  const times =
    work === undefined
      ? []
      : "records" in work
        ? work.records.flatMap((r) => [r.sentAt, r.sentAt + r.latencyMs])
        : deployments.flatMap((d) => [d.alarmWait?.startedAt ?? d.startedAt, d.finishedAt]);
  const resolution = profile.metricsPublication.intervalSeconds;
  const now = session.clients.clock.now();
  // Without the work at hand: the traffic within the profile's chart window.
  const window =
    times.length > 0
      ? workWindow(times, resolution)
      : await trafficWindow(
          session.clients,
          variantDimensions(endpointName, variant, options.configName),
          now - profile.chartWindowMinutes * 60_000,
          now,
          resolution,
        );
  const series = await metricSeries(
    session.clients,
    endpointMetricQueries(endpointName, variant, options.configName),
    window,
  );
  const scope = `${endpointName}/${variant}${options.configName ? `/${options.configName}` : ""}`;
  return ENDPOINT_METRICS.map((m, i) =>
    timeSeriesChart({
      title: `${m.metric} (${m.stat} per ${window.periodSeconds} s) – ${scope}`,
      yTitle: m.unit,
      aggregate: m.stat === "Sum" ? "sum" : "average",
      series: series.slice(i, i + 1),
      window: window.shown,
      phases: deployments.flatMap(deploymentPhases),
      moments: deployments.map(updateMoment),
      clock: session.clients.clock.label,
    }),
  );
}
