/**
 * SageMaker's CloudWatch metrics as danfo DataFrames: one row per period,
 * one column per metric, zero-filled where CloudWatch has no datapoint.
 */
import { GetMetricDataCommand, ListMetricsCommand, type Dimension, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { DataFrame } from "danfojs-node";
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
 * up on the window's period grid: `time` (ISO) plus one column per label.
 */
export async function metricFrame(clients: Clients, queries: readonly MetricQuery[], window: Window): Promise<DataFrame> {
  const period = window.periodSeconds * 1000;
  const start = Math.floor(window.start.getTime() / period) * period;
  const slots = Math.max(1, Math.ceil((window.end.getTime() - start) / period));
  const columns: Record<string, number[]> = Object.fromEntries(queries.map((q) => [q.label, new Array<number>(slots).fill(0)]));
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
      const column = columns[queries[Number(result.Id?.slice(1))]?.label ?? ""];
      if (!column) continue;
      (result.Timestamps ?? []).forEach((ts, i) => {
        const slot = Math.floor((ts.getTime() - start) / period);
        if (slot >= 0 && slot < slots) column[slot] = result.Values?.[i] ?? 0;
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  const time = Array.from({ length: slots }, (_, i) => new Date(start + i * period).toISOString());
  return new DataFrame({ time, ...columns });
}

/** The five endpoint metric columns of the original notebook's charts, for one variant (and fleet). */
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
export async function configsWithTraffic(clients: Clients, endpoint: string): Promise<Array<{ variant: string; configName: string }>> {
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

/** Sum of a column: e.g. the requests a fleet answered over the window. */
export function columnSum(frame: DataFrame, column: string): number {
  return (frame[column].values as number[]).reduce((a, b) => a + b, 0);
}
