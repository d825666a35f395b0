/**
 * SageMaker's CloudWatch metrics as per-period series over the window of
 * the work they describe: counts are 0 where nothing happened, averages and
 * percentiles have no value (null) there.
 */
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type Dimension,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { Clients } from "./clients";

export const ENDPOINT_METRICS = [
  { metric: "Invocations", stat: "Sum", unit: "count" },
  { metric: "Invocation4XXErrors", stat: "Sum", unit: "count" },
  { metric: "Invocation5XXErrors", stat: "Sum", unit: "count" },
  { metric: "ModelLatency", stat: "Average", unit: "µs" },
  { metric: "OverheadLatency", stat: "Average", unit: "µs" },
] as const;

export interface MetricQuery {
  /** Column name in the frame. */
  label: string;
  namespace: string;
  metric: string;
  stat: string;
  dimensions: Dimension[];
}

export interface Window {
  start: Date;
  end: Date;
  periodSeconds: number;
}

/** One query's values per period: values[i] covers [start + i·periodMs, start + (i+1)·periodMs); null where there was no datapoint. */
export interface MetricSeries {
  label: string;
  start: number;
  periodMs: number;
  values: Array<number | null>;
}

/** Periods GetMetricData accepts (1, 5, 10, 30 for high resolution, else multiples of 60), finest first. */
const PERIODS = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** A query window fitted to some work, and the stretch of time a chart of it shows. */
export interface FittedWindow extends Window {
  /** Epoch ms. */
  shown: { start: number; end: number };
}

/**
 * The window that fits work spanning `times` (epoch ms), with a period that
 * gives the work about 30 points, never finer than the metrics' resolution
 * (`resolutionSeconds`: SageMaker publishes endpoint metrics once per
 * interval). It queries only the periods the work touched – so no earlier
 * traffic comes along in a margin period – and a chart shows those periods
 * with half a period either side: even work shorter than one period then
 * fills half the chart.
 */
export function workWindow(times: readonly number[], resolutionSeconds: number): FittedWindow {
  const first = Math.min(...times);
  const last = Math.max(...times);
  const periodSeconds =
    PERIODS.find((p) => p >= resolutionSeconds && (last - first) / 1000 / p <= 30) ?? Math.max(...PERIODS);
  const period = periodSeconds * 1000;
  return {
    start: new Date(Math.floor(first / period) * period),
    end: new Date(Math.floor(last / period) * period + period),
    periodSeconds,
    shown: {
      start: Math.floor(first / period) * period - period / 2,
      end: Math.floor(last / period) * period + period * 1.5,
    },
  };
}

/** Statistics that count: no datapoint means nothing happened (0). Others (Average, p99, …) have no value then. */
const COUNTING = new Set(["Sum", "SampleCount"]);

/** Dimensions of an endpoint's variant, optionally narrowed to the fleet of one config. */
export function variantDimensions(endpoint: string, variant: string, configName?: string): Dimension[] {
  const dims = [
    { Name: "EndpointName", Value: endpoint },
    { Name: "VariantName", Value: variant },
  ];
  return configName ? [...dims, { Name: "EndpointConfigName", Value: configName }] : dims;
}

/**
 * Runs the queries with GetMetricData (following NextToken) and lines them
 * up on the window's period grid, one series per query (labelled by it).
 */
export async function metricSeries(
  clients: Clients,
  queries: readonly MetricQuery[],
  window: Window,
): Promise<MetricSeries[]> {
  const periodMs = window.periodSeconds * 1000;
  const start = Math.floor(window.start.getTime() / periodMs) * periodMs;
  const slots = Math.max(1, Math.ceil((window.end.getTime() - start) / periodMs));
  const series = queries.map((q) => ({
    label: q.label,
    start,
    periodMs,
    values: new Array<number | null>(slots).fill(COUNTING.has(q.stat) ? 0 : null),
  }));
  const dataQueries: MetricDataQuery[] = queries.map((q, i) => ({
    Id: `m${i}`,
    Label: q.label,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metric, Dimensions: q.dimensions },
      Period: window.periodSeconds,
      Stat: q.stat,
    },
  }));
  let nextToken: string | undefined;
  do {
    const out = await clients.cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: dataQueries,
        StartTime: new Date(start),
        EndTime: window.end,
        NextToken: nextToken,
      }),
    );
    for (const result of out.MetricDataResults ?? []) {
      const values = series[Number(result.Id?.slice(1))]?.values;
      if (!values) continue;
      (result.Timestamps ?? []).forEach((ts, i) => {
        const slot = Math.floor((ts.getTime() - start) / periodMs);
        const value = result.Values?.[i];
        if (slot >= 0 && slot < slots && value !== undefined) values[slot] = value;
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return series;
}

/**
 * The window of the traffic a variant answered between `from` and `to`
 * (epoch ms): its Invocations at the finest resolution, trimmed to the
 * periods that had any – all of it when none had.
 */
export async function trafficWindow(
  clients: Clients,
  dimensions: Dimension[],
  from: number,
  to: number,
  resolutionSeconds: number,
): Promise<FittedWindow> {
  const [invocations] = await metricSeries(
    clients,
    [{ label: "Invocations", namespace: "AWS/SageMaker", metric: "Invocations", stat: "Sum", dimensions }],
    { start: new Date(from), end: new Date(to), periodSeconds: resolutionSeconds },
  );
  const busy = (invocations?.values ?? []).flatMap((v, i) => (v ? [i] : []));
  const [firstBusy] = busy;
  const lastBusy = busy.at(-1);
  const at = (i: number): number => (invocations?.start ?? from) + i * resolutionSeconds * 1000;
  return workWindow(
    firstBusy !== undefined && lastBusy !== undefined ? [at(firstBusy), at(lastBusy + 1)] : [from, to],
    resolutionSeconds,
  );
}

/** The five endpoint metrics of the original notebook's charts, for one variant (and fleet). */
export function endpointMetricQueries(endpoint: string, variant: string, configName?: string): MetricQuery[] {
  return ENDPOINT_METRICS.map((m) => ({
    label: m.metric,
    namespace: "AWS/SageMaker",
    metric: m.metric,
    stat: m.stat,
    dimensions: variantDimensions(endpoint, variant, configName),
  }));
}

/** Every EndpointConfigName that has served traffic on the endpoint, from ListMetrics. */
export async function configsWithTraffic(
  clients: Clients,
  endpoint: string,
): Promise<Array<{ variant: string; configName: string }>> {
  const found = new Map<string, { variant: string; configName: string }>();
  let nextToken: string | undefined;
  do {
    const out = await clients.cloudwatch.send(
      new ListMetricsCommand({
        Namespace: "AWS/SageMaker",
        MetricName: "Invocations",
        Dimensions: [{ Name: "EndpointName", Value: endpoint }, { Name: "EndpointConfigName" }],
        NextToken: nextToken,
      }),
    );
    for (const m of out.Metrics ?? []) {
      const get = (name: string): string | undefined => m.Dimensions?.find((d) => d.Name === name)?.Value;
      const variant = get("VariantName");
      const configName = get("EndpointConfigName");
      if (variant && configName) found.set(`${variant}/${configName}`, { variant, configName });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return [...found.values()].sort((a, b) => a.configName.localeCompare(b.configName));
}
