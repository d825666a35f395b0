/** PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics over the metric store. */
import { fitsType } from "../numbers";
import type {
  GetMetricDataCommandInput,
  GetMetricStatisticsCommandInput,
  ListMetricsCommandInput,
  Metric,
  MetricStat,
  PutMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { cwErrors } from "./errors";
import { readDatum } from "./datum";
import { dimensionsOf, optionalString, pageAt, required } from "./inputs";
import { DROPPED_MESSAGE, labels, readQueries, runQueries, type QueryResult } from "./math/queries";
import { sorted } from "./math/values";
import type { MetricId } from "./metric-id";
import { seriesKey } from "./metric-id";
import type { CloudWatchState } from "./state";
import { STATISTICS, isStatistic, statistic, type StatSet } from "./statistics";

const MAX_DATAPOINTS = 1440;

function metricIdOf(input: Metric): MetricId {
  return {
    namespace: required(input, "Namespace"),
    metricName: required(input, "MetricName"),
    dimensions: dimensionsOf(input.Dimensions),
  };
}

type TimeRange = { StartTime?: Date; EndTime?: Date };

function times(input: TimeRange): [number, number] {
  return [required(input, "StartTime").getTime(), required(input, "EndTime").getTime()];
}

/** GetMetricStatistics' range check (InvalidParameterValue). */
function statisticsRange(input: TimeRange): [number, number] {
  const [start, end] = times(input);
  if (start >= end)
    throw cwErrors.invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
  return [start, end];
}

/** GetMetricData's: CloudWatch answers it with ValidationError (as moto records it). */
function dataRange(input: TimeRange): [number, number] {
  const [start, end] = times(input);
  if (start > end) throw cwErrors.validationError("The parameter EndTime must be greater than StartTime.");
  if (start === end) throw cwErrors.validationError("The parameter StartTime must not equal parameter EndTime.");
  return [start, end];
}

/** ListMetrics' page size, fixed by CloudWatch ("up to 500 results are returned for any one call"). */
const LIST_METRICS_PAGE = 500;

/** High-resolution periods are 1, 5, 10 and 30 s; others are multiples of 60 (wording inferred). */
function periodOf(period: number): number {
  if (!(period >= 1 && fitsType(period, "Integer") && ([1, 5, 10, 30].includes(period) || period % 60 === 0))) {
    throw cwErrors.invalidParameterValue(
      "The parameter Period must be a multiple of 60, or one of 1, 5, 10, 30 for high-resolution metrics.",
    );
  }
  return period;
}

/** Acknowledged PutMetricData is durable: the call waits for the log's fsync (concurrent calls share one). */
export async function putMetricData(s: CloudWatchState, input: PutMetricDataCommandInput): Promise<void> {
  const namespace = required(input, "Namespace");
  if (namespace.startsWith("AWS/"))
    throw cwErrors.invalidParameterValue(`The value AWS/ for parameter Namespace is invalid.`);
  const data = required(input, "MetricData");
  if (data.length > 1000)
    throw cwErrors.invalidParameterValue("The collection MetricData must not have a size greater than 1000.");
  const read = data.map((datum, i) => readDatum(namespace, datum, i + 1, s.clock.now()));
  const problems = read.flatMap((r) => r.problems);
  // Nothing is stored unless every datum is valid: CloudWatch refuses the request as a whole.
  if (problems.length > 0) throw cwErrors.invalidParameterValue(problems.join("\n"));
  await s.metrics.putAll(read.flatMap(({ point }) => (point ? [point] : [])));
}

export function getMetricStatistics(s: CloudWatchState, input: GetMetricStatisticsCommandInput) {
  s.beforeRead();
  const id = metricIdOf(input);
  const [start, end] = statisticsRange(input);
  const period = periodOf(required(input, "Period"));
  const stats: string[] = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (stats.length === 0 && extended.length === 0) throw cwErrors.missingParameter("Statistics or ExtendedStatistics");
  for (const s of stats)
    if (!(STATISTICS as readonly string[]).includes(s)) throw cwErrors.invalidValue("Statistics")(s);
  for (const s of extended)
    if (!isStatistic(s) || !s.startsWith("p")) throw cwErrors.invalidValue("ExtendedStatistics")(s);
  const requested = Math.ceil((end - start) / 1000 / period);
  if (requested > MAX_DATAPOINTS) {
    throw cwErrors.invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const unit = s.metrics.unitOf(id) ?? "None";
  const points = [...aggregate(s, id, start, end, period, optionalString(input, "Unit"))].sort(([a], [b]) => a - b);
  return {
    Label: id.metricName,
    Datapoints: points.map(([t, set]) => ({
      Timestamp: new Date(t * 1000),
      ...Object.fromEntries(stats.map((s) => [s, statistic(set, s)])),
      Unit: unit,
      // A Map, so the query protocol writes it as entry/key/value and JSON as an object.
      ExtendedStatistics: extended.length ? new Map(extended.map((s) => [s, statistic(set, s)])) : undefined,
    })),
  };
}

export function getMetricData(s: CloudWatchState, input: GetMetricDataCommandInput) {
  s.beforeRead();
  const [start, end] = dataRange(input);
  const queries = required(input, "MetricDataQueries");
  if (queries.length > 500)
    throw cwErrors.invalidParameterValue("The collection MetricDataQueries must not have a size greater than 500.");
  const descending = (input.ScanBy ?? "TimestampDescending") === "TimestampDescending";
  const { queries: read } = readQueries(queries, readMetricStat, "MetricDataQueries");
  const results = runQueries(read, start, end, (stat, from, to) => {
    const points = aggregate(s, stat.metric, from, to, stat.period, stat.unit);
    return new Map([...points].map(([t, set]) => [t * 1000, statistic(set, stat.stat)]));
  });
  return {
    MetricDataResults: [...results.values()]
      .filter((r) => r.query.returnData)
      .flatMap((r) => dataResults(r, descending)),
    Messages: [],
  };
}

function readMetricStat(stat: MetricStat) {
  const metric = metricIdOf(required(stat, "Metric"));
  const period = periodOf(required(stat, "Period"));
  const name = required(stat, "Stat");
  if (!isStatistic(name))
    throw cwErrors.invalidParameterValue(
      `The value ${name} for parameter MetricDataQueries.member.MetricStat.Stat is invalid.`,
    );
  return { metric, period, stat: name, unit: optionalString(stat, "Unit") };
}

/** One MetricDataResult per series of a query's result, in the requested time order. */
function dataResults(result: QueryResult, descending: boolean) {
  const names = labels(result);
  return result.series.map((series, i) => {
    const points = sorted(series);
    if (descending) points.reverse();
    return {
      Id: result.query.id,
      Label: names[i],
      Timestamps: points.map(([t]) => new Date(t)),
      Values: points.map(([, v]) => v),
      StatusCode: "Complete",
      ...(result.dropped ? { Messages: [DROPPED_MESSAGE] } : {}),
    };
  });
}

export function listMetrics(s: CloudWatchState, input: ListMetricsCommandInput) {
  s.beforeRead();
  const filters = (input.Dimensions ?? []).map((d) => ({ Name: required(d, "Name"), Value: d.Value }));
  const metrics = s.metrics
    .all()
    .map(({ id }) => id)
    .filter(
      (id) =>
        (input.Namespace === undefined || id.namespace === input.Namespace) &&
        (input.MetricName === undefined || id.metricName === input.MetricName) &&
        filters.every((f) =>
          id.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
        ),
    )
    .sort((a, b) => (seriesKey(a) < seriesKey(b) ? -1 : 1));
  const { items, nextToken } = pageAt(metrics, optionalString(input, "NextToken"), LIST_METRICS_PAGE);
  return {
    Metrics: items.map((id) => ({ Namespace: id.namespace, MetricName: id.metricName, Dimensions: id.dimensions })),
    NextToken: nextToken,
  };
}

/** A unit selects only datapoints collected with that unit (the store keeps one unit per series). */
function aggregate(
  s: CloudWatchState,
  id: MetricId,
  start: number,
  end: number,
  period: number,
  unit: string | undefined,
): Map<number, StatSet> {
  return unit === undefined || s.metrics.unitOf(id) === unit
    ? s.metrics.aggregate(id, start, end, period)
    : new Map<number, StatSet>();
}
