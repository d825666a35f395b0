/**
 * The metric math functions, as CloudWatch's "Metric math syntax and functions" documents them.
 * SUM, AVG, MIN, MAX and DATAPOINT_COUNT of one series give a scalar over its datapoints; of an
 * array, a series aligned on timestamps (SUM and AVG count a missing value as 0, as documented;
 * MIN and MAX take the values present).
 */
import { MathError } from "./errors";
import { Points, array, eachSeries, scalar, single, sorted, typeName, type Series, type Value } from "./values";

export interface Context {
  /** The requested range, epoch ms. */
  start: number;
  end: number;
  /** Seconds: the period of a series an expression makes from nothing (TIME_SERIES). */
  period: number;
  /** The request's metrics (not its expressions), those whose Id contains `filter` when given. */
  metrics: (filter?: string) => Series[];
  /** Called for each datapoint dropped because it was not a finite number. */
  dropped: () => void;
}

type MathFunction = (args: Value[], ctx: Context) => Value;

/** Documented functions this emulator does not compute; they are refused by name. */
const UNSUPPORTED = new Set([
  "ANOMALY_DETECTION_BAND",
  "INSIGHT_RULE_METRIC",
  "SEARCH",
  "SERVICE_QUOTA",
  "SLICE",
  "SORT",
  "STDDEV",
  "MINUTE",
  "HOUR",
  "DAY",
  "DATE",
  "MONTH",
  "YEAR",
  "EPOCH",
  "LAMBDA",
  "SELECT",
]);

function arity(name: string, args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new MathError(`${name} takes ${expected} argument${max === 1 ? "" : "s"}, not ${args.length}.`);
  }
}

function seriesArg(name: string, v: Value): Series {
  if (v.kind !== "series") throw new MathError(`${name} expects a time series, not ${typeName(v)}.`);
  return v.series;
}

function arrayArg(name: string, v: Value): Series[] {
  if (v.kind !== "array") throw new MathError(`${name} expects an array of time series, not ${typeName(v)}.`);
  return v.items;
}

function scalarArg(name: string, v: Value): number {
  if (v.kind !== "scalar") throw new MathError(`${name} expects a scalar, not ${typeName(v)}.`);
  return v.value;
}

/** Period starts of the requested range for a series of `period` seconds. */
function grid(ctx: Context, period: number): number[] {
  const step = period * 1000;
  const out: number[] = [];
  for (let t = Math.floor(ctx.start / step) * step; t < ctx.end; t += step) out.push(t);
  return out;
}

const withPoints = (s: Series, points: Map<number, number>): Series => ({ ...s, points });

/** One datapoint per value of the series, made from it and its predecessor (the first has none). */
function fromPrevious(name: string, f: (value: number, previous: number, seconds: number) => number): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    return eachSeries(args[0]!, name, (s) => {
      const out = new Points(ctx.dropped);
      const entries = sorted(s);
      entries.forEach(([t, v], i) => {
        if (i > 0) out.set(t, f(v, entries[i - 1]![1], (t - entries[i - 1]![0]) / 1000));
      });
      return withPoints(s, out.points);
    });
  };
}

function elementwise(name: string, f: (v: number) => number): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    return eachSeries(args[0]!, name, (s) => {
      const out = new Points(ctx.dropped);
      for (const [t, v] of sorted(s)) out.set(t, f(v));
      return withPoints(s, out.points);
    });
  };
}

/** An aggregate: over one series' values (a scalar) or, per timestamp, over an array's series (a series). */
function aggregate(name: string, f: (values: number[], seriesCount: number) => number): MathFunction {
  return (args, ctx) => {
    arity(name, args, 1);
    const v = args[0]!;
    if (v.kind === "series") return scalar(f([...v.series.points.values()], 1));
    const items = arrayArg(name, v);
    const times = [...new Set(items.flatMap((s) => [...s.points.keys()]))].sort((a, b) => a - b);
    const out = new Points(ctx.dropped);
    for (const t of times) {
      const values = items.flatMap((s) => (s.points.has(t) ? [s.points.get(t)!] : []));
      out.set(t, f(values, items.length));
    }
    return single({ label: "", period: items[0]?.period ?? ctx.period, points: out.points });
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function fill(args: Value[], ctx: Context): Value {
  arity("FILL", args, 2);
  const filler = args[1]!;
  if (filler.kind === "keyword" && filler.word !== "REPEAT" && filler.word !== "LINEAR")
    throw new MathError(
      `FILL's second argument must be a scalar, a time series, REPEAT or LINEAR, not ${filler.word}.`,
    );
  if (filler.kind === "string" || filler.kind === "array")
    throw new MathError(
      `FILL's second argument must be a scalar, a time series, REPEAT or LINEAR, not ${typeName(filler)}.`,
    );
  return eachSeries(args[0]!, "FILL", (s) => {
    const points = new Map(s.points);
    const times = grid(ctx, s.period);
    const present = sorted(s);
    for (const t of times) {
      if (points.has(t)) continue;
      const value = fillValue(filler, t, present);
      if (value !== undefined) points.set(t, value);
    }
    return withPoints(s, new Map([...points].sort(([a], [b]) => a - b)));
  });
}

/** The value FILL puts at missing timestamp `t`; `present` are the series' own datapoints, in time order. */
function fillValue(filler: Value, t: number, present: [number, number][]): number | undefined {
  if (filler.kind === "scalar") return Number.isFinite(filler.value) ? filler.value : undefined;
  if (filler.kind === "series") return filler.series.points.get(t);
  const before = present.filter(([time]) => time < t).at(-1);
  if (filler.kind === "keyword" && filler.word === "REPEAT") return before?.[1];
  const after = present.find(([time]) => time > t);
  if (!before || !after) return undefined;
  return before[1] + ((after[1] - before[1]) * (t - before[0])) / (after[0] - before[0]);
}

function conditional(args: Value[], ctx: Context): Value {
  arity("IF", args, 2, 3);
  const [condition, whenTrue, whenFalse] = args as [Value, Value, Value | undefined];
  for (const v of [whenTrue, whenFalse])
    if (v && v.kind !== "scalar" && v.kind !== "series")
      throw new MathError(`IF's values must be scalars or time series, not ${typeName(v)}.`);
  const template = [whenTrue, whenFalse, condition].find((v) => v?.kind === "series");
  const shape = template?.kind === "series" ? template.series : { label: "", period: ctx.period };
  if (condition.kind === "scalar") {
    if (condition.value !== 0) return whenTrue;
    return whenFalse ?? single({ ...shape, points: new Map() });
  }
  const cond = seriesArg("IF", condition);
  const out = new Points(ctx.dropped);
  for (const [t, c] of sorted(cond)) {
    const chosen = c !== 0 ? whenTrue : whenFalse;
    if (chosen === undefined) continue;
    if (chosen.kind === "scalar") out.set(t, chosen.value);
    else if (chosen.kind === "series" && chosen.series.points.has(t)) out.set(t, chosen.series.points.get(t)!);
    // A true condition without a value in the true series gives 0; a false one gives nothing.
    else if (c !== 0) out.set(t, 0);
  }
  return single({ ...shape, points: out.points });
}

export const FUNCTIONS: Record<string, MathFunction> = {
  METRICS: (args, ctx) => {
    arity("METRICS", args, 0, 1);
    const filter = args[0];
    if (filter && filter.kind !== "string") throw new MathError(`METRICS expects a string, not ${typeName(filter)}.`);
    return array(ctx.metrics(filter?.text));
  },
  SUM: aggregate("SUM", sum),
  AVG: aggregate("AVG", (values, count) => (count === 1 ? sum(values) / values.length : sum(values) / count)),
  MIN: aggregate("MIN", (values) => (values.length ? Math.min(...values) : NaN)),
  MAX: aggregate("MAX", (values) => (values.length ? Math.max(...values) : NaN)),
  DATAPOINT_COUNT: aggregate("DATAPOINT_COUNT", (values) => values.length),
  METRIC_COUNT: (args) => {
    arity("METRIC_COUNT", args, 1);
    return scalar(arrayArg("METRIC_COUNT", args[0]!).length);
  },
  PERIOD: (args) => {
    arity("PERIOD", args, 1);
    return scalar(seriesArg("PERIOD", args[0]!).period);
  },
  FILL: fill,
  IF: conditional,
  RATE: fromPrevious("RATE", (v, previous, seconds) => (v - previous) / seconds),
  DIFF: fromPrevious("DIFF", (v, previous) => v - previous),
  DIFF_TIME: fromPrevious("DIFF_TIME", (_v, _previous, seconds) => seconds),
  RUNNING_SUM: (args, ctx) => {
    arity("RUNNING_SUM", args, 1);
    return eachSeries(args[0]!, "RUNNING_SUM", (s) => {
      const out = new Points(ctx.dropped);
      let total = 0;
      for (const [t, v] of sorted(s)) out.set(t, (total += v));
      return withPoints(s, out.points);
    });
  },
  ABS: elementwise("ABS", Math.abs),
  CEIL: elementwise("CEIL", Math.ceil),
  FLOOR: elementwise("FLOOR", Math.floor),
  LOG: elementwise("LOG", Math.log),
  LOG10: elementwise("LOG10", Math.log10),
  FIRST: (args, ctx) => firstOrLast("FIRST", args, 0, ctx),
  LAST: (args, ctx) => firstOrLast("LAST", args, -1, ctx),
  REMOVE_EMPTY: (args) => {
    arity("REMOVE_EMPTY", args, 1);
    return array(arrayArg("REMOVE_EMPTY", args[0]!).filter((s) => s.points.size > 0));
  },
  TIME_SERIES: (args, ctx) => {
    arity("TIME_SERIES", args, 1);
    const value = scalarArg("TIME_SERIES", args[0]!);
    const out = new Points(ctx.dropped);
    for (const t of grid(ctx, ctx.period)) out.set(t, value);
    return single({ label: "", period: ctx.period, points: out.points });
  },
};

function firstOrLast(name: string, args: Value[], index: number, ctx: Context): Value {
  arity(name, args, 1);
  return single(arrayArg(name, args[0]!).at(index) ?? { label: "", period: ctx.period, points: new Map() });
}

export function functionNamed(name: string): MathFunction {
  const f = FUNCTIONS[name];
  if (f) return f;
  if (UNSUPPORTED.has(name)) throw new MathError(`The function ${name} is not supported by the local emulator.`);
  throw new MathError(`Unknown function ${name}.`);
}
