/**
 * One PutMetricData datum (MetricDatum), validated as CloudWatch validates it and turned into what
 * the metric store keeps: the series, the stored time and a statistic set. The limits are the
 * PutMetricData / MetricDatum reference's; the messages are CloudWatch's where seen in its answers
 * ("The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.",
 * "… must be shorter than 257 characters", "The parameters … are mutually exclusive and you have
 * specified both."), and follow those forms where not (inferred).
 */
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import { cwErrors } from "./errors";
import { required } from "./inputs";
import type { Dimension, MetricId } from "./metric-id";
import { emptySet, type StatSet } from "./statistics";

const MAX_VALUES = 150;
const MAX_DIMENSIONS = 30;
const MAX_NAME = 255;
const MAX_DIMENSION_VALUE = 1024;
/** "Values must be in the range of -2^360 to 2^360"; NaN and ±Infinity are not supported either. */
const LIMIT = 2 ** 360;
const TWO_WEEKS_MS = 14 * 24 * 3600_000;
const TWO_HOURS_MS = 2 * 3600_000;

export interface Datapoint {
  id: MetricId;
  time: number;
  set: StatSet;
  unit?: string;
}

/**
 * Reads datum `n` (1-based, as the messages count): an InvalidParameterCombination is thrown at
 * once; InvalidParameterValue problems are returned, so a request reports all of them together
 * (one per line), as CloudWatch does.
 */
export function readDatum(
  namespace: string,
  datum: MetricDatum,
  n: number,
  now: number,
): { point?: Datapoint; problems: string[] } {
  const at = `MetricData.member.${n}`;
  const problems: string[] = [];
  const metricName = required(datum, "MetricName");
  if (metricName.length > MAX_NAME) problems.push(tooLong(`${at}.MetricName`, MAX_NAME));
  const dimensions = datum.Dimensions ?? [];
  if (dimensions.length > MAX_DIMENSIONS)
    problems.push(`The collection ${at}.Dimensions must not have a size greater than ${MAX_DIMENSIONS}.`);
  const dims: Dimension[] = dimensions.map((d, i) => {
    const dimension = { Name: required(d, "Name"), Value: required(d, "Value") };
    if (dimension.Name.length > MAX_NAME) problems.push(tooLong(`${at}.Dimensions.member.${i + 1}.Name`, MAX_NAME));
    if (dimension.Value.length > MAX_DIMENSION_VALUE)
      problems.push(tooLong(`${at}.Dimensions.member.${i + 1}.Value`, MAX_DIMENSION_VALUE));
    return dimension;
  });
  const time = datum.Timestamp?.getTime() ?? now;
  if (time < now - TWO_WEEKS_MS)
    problems.push(`The parameter ${at}.Timestamp must specify a time within the past two weeks.`);
  if (time > now + TWO_HOURS_MS)
    problems.push(`The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`);
  const set = statSet(datum, at, problems);
  const stored = storedTime(time, datum, at);
  if (problems.length > 0 || !set) return { problems };
  return {
    point: {
      id: { namespace, metricName, dimensions: dims },
      time: stored,
      set,
      unit: datum.Unit,
    },
    problems,
  };
}

const tooLong = (path: string, max: number) => `The parameter ${path} must be shorter than ${max + 1} characters.`;

const present = (datum: MetricDatum, name: keyof MetricDatum) => datum[name] !== undefined;

/** Value, Values (+ Counts) or StatisticValues: one of them, within CloudWatch's limits. */
function statSet(datum: MetricDatum, at: string, problems: string[]): StatSet | undefined {
  const both = (a: string, b: string) =>
    `The parameters ${at}.${a} and ${at}.${b} are mutually exclusive and you have specified both.`;
  if (present(datum, "StatisticValues") && present(datum, "Value"))
    throw cwErrors.invalidParameterCombination(both("Value", "StatisticValues"));
  if (present(datum, "StatisticValues") && present(datum, "Values"))
    throw cwErrors.invalidParameterCombination(both("Values", "StatisticValues"));
  if (present(datum, "Values") && present(datum, "Value")) {
    problems.push(both("Value", "Values"));
    return undefined;
  }
  const number = (n: number, name: string): number => {
    if (Math.abs(n) > LIMIT) problems.push(`The value ${String(n)} for parameter ${at}.${name} is invalid.`);
    return n;
  };
  const stats = datum.StatisticValues;
  if (stats) {
    const n = (name: "SampleCount" | "Sum" | "Minimum" | "Maximum") =>
      number(required(stats, name), `StatisticValues.${name}`);
    const set = { count: n("SampleCount"), sum: n("Sum"), min: n("Minimum"), max: n("Maximum"), samples: [] };
    if (set.count <= 0)
      problems.push(`The value ${set.count} for parameter ${at}.StatisticValues.SampleCount is invalid.`);
    return set;
  }
  if (present(datum, "Values")) {
    const values = (datum.Values ?? []).map((v) => number(v, "Values"));
    const counts = (datum.Counts ?? []).map((c) => number(c, "Counts"));
    if (values.length > MAX_VALUES)
      problems.push(`The collection ${at}.Values must not have a size greater than ${MAX_VALUES}.`);
    if (counts.length > 0 && counts.length !== values.length)
      problems.push(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
    const set = emptySet();
    values.forEach((v, i) => {
      const c = counts[i] ?? 1;
      Object.assign(set, {
        sum: set.sum + v * c,
        count: set.count + c,
        min: Math.min(set.min, v),
        max: Math.max(set.max, v),
      });
      set.samples.push(v);
    });
    return set;
  }
  const value = number(required(datum, "Value"), "Value");
  return { sum: value, count: 1, min: value, max: value, samples: [value] };
}

/**
 * StorageResolution: 1 keeps the datapoint's second (a high-resolution metric); 60, the default,
 * stores it at 1-minute resolution (CloudWatch's words), so it is kept at the start of its minute
 * and a query or alarm with a period under 60 s finds it only in the period that starts the
 * minute. Other values are refused (the reference: "Valid values are 1 and 60"; wording inferred).
 */
function storedTime(time: number, datum: MetricDatum, at: string): number {
  const resolution = datum.StorageResolution ?? 60;
  if (resolution === 1) return time;
  if (resolution === 60) return Math.floor(time / 60_000) * 60_000;
  throw cwErrors.invalidValue(`${at}.StorageResolution`)(resolution);
}
