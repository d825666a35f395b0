/**
 * A statistic set (what CloudWatch keeps per datapoint) and the statistics read from it:
 * SampleCount, Sum, Average, Minimum, Maximum, percentiles pNN(.NN) and the trimmed statistics of
 * trimmed-statistics.ts (TM, IQM, WM, TC, TS, PR).
 * Percentiles use the raw samples kept beside the set, at most SAMPLE_CAP per set: under heavy
 * load they are estimates from the first samples of each second (CloudWatch's are estimates too).
 */
import { isTrimmedStatistic, trimmedStatistic } from "./trimmed-statistics";

export interface StatSet {
  sum: number;
  count: number;
  min: number;
  max: number;
  samples: number[];
}

const SAMPLE_CAP = 500;
export const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

export const emptySet = (): StatSet => ({ sum: 0, count: 0, min: Infinity, max: -Infinity, samples: [] });

export function merge(into: StatSet, from: StatSet): void {
  into.sum += from.sum;
  into.count += from.count;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  for (const s of from.samples) if (into.samples.length < SAMPLE_CAP) into.samples.push(s);
}

export const isStatistic = (stat: string) =>
  (STATISTICS as readonly string[]).includes(stat) || PERCENTILE.test(stat) || isTrimmedStatistic(stat);

export function statistic(set: StatSet, stat: string): number {
  switch (stat) {
    case "SampleCount":
      return set.count;
    case "Sum":
      return set.sum;
    case "Average":
      return set.sum / set.count;
    case "Minimum":
      return set.min;
    case "Maximum":
      return set.max;
  }
  if (PERCENTILE.test(stat)) return percentile(set.samples, Number(stat.slice(1)));
  return trimmedStatistic(set.samples, stat);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}
