/**
 * The statistics CloudWatch's "statistics definitions" describe beyond the percentiles, read from a
 * period's raw samples:
 * - Trimmed mean TM(a:b) / tmNN: the mean of the values between two boundaries; TM(2%:98%) drops
 *   the lowest 2% and the highest 2% of the datapoints, TM(150:1000) every value ≤ 150 or > 1000,
 *   tm90 is TM(:90%). IQM is TM(25%:75%).
 * - Winsorized mean WM(a:b) / wmNN: as TM, but values past a boundary count as the boundary's value.
 * - Trimmed count TC and trimmed sum TS: the number and the sum of the values TM would average.
 * - Percentile rank PR(a:b): the percentage of values v with a < v ≤ b (absolute values only).
 * Boundaries have up to 10 decimals, as percentages (`%`, 0 to 100) or absolute values; one may be
 * left out. Percentage boundaries drop whole datapoints by rank: of n sorted
 * values, the lowest ⌊n·a/100⌋ and those past rank ⌈n·b/100⌉ (inferred: CloudWatch does not say how
 * it rounds). Mixing a percentage and an absolute boundary, and an absolute WM, are refused
 * (inferred: every documented example uses one kind, and WM's only percentages).
 */
const NUMBER = String.raw`\d+(?:\.\d{1,10})?`;
const RANGED = new RegExp(String.raw`^(TM|WM|TC|TS|PR)\((${NUMBER}%?)?:(${NUMBER}%?)?\)$`);
const SHORT = new RegExp(String.raw`^(tm|wm|tc|ts)(${NUMBER})$`);

type Kind = "TM" | "WM" | "TC" | "TS" | "PR";

interface Trimmed {
  kind: Kind;
  percent: boolean;
  lower?: number;
  upper?: number;
}

/** The statistic `stat` names, or undefined if it is none of these. */
function parse(stat: string): Trimmed | undefined {
  if (stat === "IQM") return { kind: "TM", percent: true, lower: 25, upper: 75 };
  const short = SHORT.exec(stat);
  if (short) {
    const upper = Number(short[2]);
    return upper <= 100 ? { kind: short[1]!.toUpperCase() as Kind, percent: true, upper } : undefined;
  }
  const ranged = RANGED.exec(stat);
  if (!ranged) return undefined;
  const [, kind, lo, hi] = ranged as unknown as [string, Kind, string | undefined, string | undefined];
  if (lo === undefined && hi === undefined) return undefined;
  const kinds = [lo, hi].filter((b): b is string => b !== undefined).map((b) => b.endsWith("%"));
  if (kinds.some((k) => k !== kinds[0])) return undefined;
  const percent = kinds[0]!;
  if ((kind === "PR" && percent) || (kind === "WM" && !percent)) return undefined;
  const value = (b: string | undefined) => (b === undefined ? undefined : Number(b.replace("%", "")));
  const [lower, upper] = [value(lo), value(hi)];
  if (lower !== undefined && upper !== undefined && lower >= upper) return undefined;
  if (percent && (lower ?? 0) > 100) return undefined;
  if (percent && (upper ?? 0) > 100) return undefined;
  return { kind, percent, lower, upper };
}

export const isTrimmedStatistic = (stat: string) => parse(stat) !== undefined;

/** The statistic over `samples`; NaN when no value is in its range (CloudWatch returns no datapoint then). */
export function trimmedStatistic(samples: readonly number[], stat: string): number {
  const t = parse(stat);
  if (!t || samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  if (t.kind === "PR") {
    const inRange = sorted.filter((v) => within(v, t.lower, t.upper)).length;
    return (100 * inRange) / sorted.length;
  }
  const kept = t.percent
    ? sorted.slice(
        Math.floor((sorted.length * (t.lower ?? 0)) / 100),
        Math.ceil((sorted.length * (t.upper ?? 100)) / 100),
      )
    : sorted.filter((v) => within(v, t.lower, t.upper));
  const sum = (values: readonly number[]) => values.reduce((a, v) => a + v, 0);
  switch (t.kind) {
    case "TC":
      return kept.length;
    case "TS":
      return kept.length ? sum(kept) : NaN;
    case "TM":
      return kept.length ? sum(kept) / kept.length : NaN;
    case "WM": {
      if (!kept.length) return NaN;
      const [low, high] = [kept[0]!, kept.at(-1)!];
      return sum(sorted.map((v) => Math.min(Math.max(v, low), high))) / sorted.length;
    }
  }
}

const within = (v: number, lower: number | undefined, upper: number | undefined) =>
  (lower === undefined || v > lower) && (upper === undefined || v <= upper);
