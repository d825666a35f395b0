/**
 * PutMetricAlarm's `Metrics`: an alarm on a metric math expression (or on one metric named
 * through MetricStat), checked as CloudWatch documents it – no Namespace, MetricName, Dimensions,
 * Period, Unit, Statistic or ExtendedStatistic beside it; at most 20 queries, 10 of each kind;
 * exactly one returning data, and that one a single time series – and the values the alarm
 * evaluates.
 */
import type { MetricDataQuery, PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import { isServiceError } from "../../../errors";
import { cwErrors } from "../errors";
import { dimensionsOf, optionalString, required } from "../inputs";
import type { MetricStore } from "../metric-store";
import { isStatistic, statistic } from "../statistics";
import { readQueries, runQueries, type MetricQuery, type StatQuery } from "./queries";

const EXCLUSIVE = [
  "Namespace",
  "MetricName",
  "Dimensions",
  "Period",
  "Unit",
  "Statistic",
  "ExtendedStatistic",
] as const;

export interface AlarmMetrics {
  metrics: MetricDataQuery[];
  /** Seconds: the period of the query that returns data. */
  period: number;
}

export function readAlarmMetrics(
  input: PutMetricAlarmCommandInput,
  checkPeriod: (period: number) => number,
): AlarmMetrics {
  const metrics = input.Metrics ?? [];
  const beside = EXCLUSIVE.filter((name) => input[name] !== undefined);
  if (beside.length > 0)
    throw cwErrors.invalidParameterCombination(
      `The parameter Metrics cannot be used together with ${beside.join(", ")}.`,
    ); // wording inferred
  if (metrics.length === 0) throw cwErrors.missingParameter("Metrics");
  if (metrics.length > 20)
    throw cwErrors.invalidParameterValue("The collection Metrics must not have a size greater than 20.");
  for (const [kind, count] of [
    ["MetricStat", metrics.filter((q) => q.MetricStat !== undefined).length],
    ["Expression", metrics.filter((q) => q.Expression !== undefined).length],
  ] as const) {
    if (count > 10) throw cwErrors.validationError(`The Metrics list may hold at most 10 elements with ${kind}.`); // wording inferred
  }
  if (metrics.filter((q) => q.ReturnData ?? true).length !== 1)
    throw cwErrors.validationError("Exactly one element of the metrics list should return data.");
  const { queries, shapes } = readQueries(metrics, (stat) => readAlarmStat(stat, checkPeriod), "Metrics");
  const returned = queries.find((q) => q.returnData)!;
  if (shapes.get(returned.id)!.array)
    throw cwErrors.validationError(
      `Error in expression ${returned.id}: The expression of an alarm must return a single time series.`,
    ); // wording inferred
  return { metrics, period: periodOf(returned, queries) };
}

function readAlarmStat(stat: NonNullable<MetricDataQuery["MetricStat"]>, checkPeriod: (period: number) => number) {
  const metric = required(stat, "Metric");
  const name = required(stat, "Stat");
  if (!isStatistic(name))
    throw cwErrors.invalidParameterValue(`The value ${name} for parameter Metrics.member.MetricStat.Stat is invalid.`);
  return {
    metric: {
      namespace: required(metric, "Namespace"),
      metricName: required(metric, "MetricName"),
      dimensions: dimensionsOf(metric.Dimensions),
    },
    period: checkPeriod(required(stat, "Period")),
    stat: name,
    unit: optionalString(stat, "Unit"),
  };
}

/** The alarm's period: its metric's, or the expression's own Period, else the longest period of its metrics. */
function periodOf(returned: MetricQuery, queries: readonly MetricQuery[]): number {
  if (returned.stat) return returned.stat.period;
  const periods = queries.flatMap((q) => (q.stat ? [q.stat.period] : []));
  return returned.period ?? (periods.length ? Math.max(...periods) : 60);
}

/**
 * The values of the alarm's returned series in [start, end): period start (epoch ms) → value. An
 * expression whose type depends on the data (IF on a scalar choosing a scalar) gives no value for
 * that evaluation: its periods count as missing data (inferred).
 */
export function alarmValues(
  metrics: readonly MetricDataQuery[],
  store: MetricStore,
  start: number,
  end: number,
): Map<number, number> {
  const { queries } = readQueries(metrics, (stat) => readAlarmStat(stat, (p) => p), "Metrics");
  const returned = queries.find((q) => q.returnData)!;
  try {
    const result = runQueries(queries, start, end, (stat, from, to) => storeValues(store, stat, from, to));
    return result.get(returned.id)!.series[0]?.points ?? new Map<number, number>();
  } catch (e) {
    if (isServiceError(e)) return new Map<number, number>();
    throw e;
  }
}

/** A metric's statistic per period, of the datapoints of its unit when it names one. */
export function storeValues(store: MetricStore, stat: StatQuery, start: number, end: number): Map<number, number> {
  const out = new Map<number, number>();
  if (stat.unit !== undefined && store.unitOf(stat.metric) !== stat.unit) return out;
  for (const [t, set] of store.aggregate(stat.metric, start, end, stat.period)) {
    const value = statistic(set, stat.stat);
    if (Number.isFinite(value)) out.set(t * 1000, value);
  }
  return out;
}

/** One entry per period of [start, end), newest first, as the alarm evaluation takes them (undefined: no value). */
export function periodPoints(values: Map<number, number>, start: number, end: number, periodMs: number) {
  const points: ({ time: number; value: number } | undefined)[] = [];
  for (let t = end - periodMs; t >= start; t -= periodMs) {
    const value = values.get(t);
    points.push(value === undefined ? undefined : { time: t, value });
  }
  return points;
}
