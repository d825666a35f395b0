/**
 * Task 1 after the endpoint is up: the inference test with live traffic, and
 * the CloudWatch metrics charted.
 */
import { DataFrame } from "danfojs-node";
import type { Figure } from "../charts/figure";
import { lineChart } from "../charts/metric-charts";
import { endpointMetricQueries, ENDPOINT_METRICS, metricFrame } from "../metrics";
import { untilPublished } from "../deploy/published";
import { sendTraffic, summarize, type RequestRecord, type TrafficSummary } from "../traffic";
import { PRODUCTION_VARIANT } from "./resources";
import type { Session } from "../session";

export interface InferenceTest {
  records: RequestRecord[];
  summary: TrafficSummary;
  startedAt: Date;
}

/** Sends the profile's number of test requests, one payload row each, with `.`/`E` progress. */
export async function inferenceTest(session: Session, count = session.config.profile.testRequests): Promise<InferenceTest> {
  const startedAt = new Date();
  const records = await sendTraffic(session.clients, session.config.endpointName, session.payloads.rows, {
    requestsPerSecond: session.config.profile.requestsPerSecond,
    count,
  });
  session.lastTrafficAt = Date.now();
  return { records, summary: summarize(records), startedAt };
}

export function summaryTable(summary: TrafficSummary): DataFrame {
  return new DataFrame([
    { sent: summary.sent, ok: summary.ok, errors: summary.errors, "p50 ms": summary.p50Ms, "p90 ms": summary.p90Ms, "p99 ms": summary.p99Ms },
  ]);
}

/**
 * The original notebook's five charts (Invocations, 4XX, 5XX, ModelLatency,
 * OverheadLatency) for a variant over the profile's chart window. Without a
 * config filter they show every fleet's traffic, old and new.
 */
export async function endpointMetricCharts(session: Session, options: { variant?: string; configName?: string } = {}): Promise<Figure[]> {
  const { profile, endpointName } = session.config;
  await untilPublished(session);
  const end = new Date();
  const frame = await metricFrame(session.clients, endpointMetricQueries(endpointName, options.variant ?? PRODUCTION_VARIANT, options.configName), {
    start: new Date(end.getTime() - profile.chartWindowMinutes * 60_000),
    end,
    periodSeconds: profile.chartPeriodSeconds,
  });
  const scope = `${endpointName}/${options.variant ?? PRODUCTION_VARIANT}${options.configName ? `/${options.configName}` : ""}`;
  return ENDPOINT_METRICS.map((m) => lineChart(frame, [m.metric], `${m.metric} (${m.stat}) – ${scope}`, m.unit));
}
