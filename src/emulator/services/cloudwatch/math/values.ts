/**
 * What a metric math expression computes: a scalar, a time series (TS), an array of time series
 * (TS[]), and – only as function arguments – strings and bare words. A series is sparse: a
 * timestamp with no value has no entry. Every operation that makes a value that is not a finite
 * number drops that datapoint (division by zero, as CloudWatch documents), and says so through
 * `dropped`.
 */
import { MathError } from "./errors";

export interface Series {
  label: string;
  /** Seconds: the period of the metric the series comes from. */
  period: number;
  /** Period start (epoch ms) → value. */
  points: Map<number, number>;
}

export type Value =
  | { kind: "scalar"; value: number }
  | { kind: "series"; series: Series }
  | { kind: "array"; items: Series[] }
  | { kind: "string"; text: string }
  | { kind: "keyword"; word: string };

export const scalar = (value: number): Value => ({ kind: "scalar", value });
export const single = (series: Series): Value => ({ kind: "series", series });
export const array = (items: Series[]): Value => ({ kind: "array", items });

const TYPE_NAMES: Record<Value["kind"], string> = {
  scalar: "a scalar",
  series: "a time series",
  array: "an array of time series",
  string: "a string",
  keyword: "a keyword",
};
export const typeName = (v: Value) => TYPE_NAMES[v.kind];

/** Time-ordered entries of a series. */
export const sorted = (s: Series): [number, number][] => [...s.points].sort(([a], [b]) => a - b);

/** Collects finite results; reports the others as dropped. */
export class Points {
  readonly points = new Map<number, number>();
  constructor(private readonly dropped: () => void) {}
  set(t: number, v: number): void {
    if (Number.isFinite(v)) this.points.set(t, v);
    else this.dropped();
  }
}

/** Applies `f` to each datapoint of a series or of every series of an array. */
export function eachSeries(v: Value, name: string, f: (s: Series) => Series): Value {
  if (v.kind === "series") return single(f(v.series));
  if (v.kind === "array") return array(v.items.map(f));
  throw new MathError(`${name} expects a time series or an array of time series, not ${typeName(v)}.`);
}

/**
 * A binary operation between scalars and series: two series align on their timestamps, a missing
 * value counting as 0; an array combines element by element with a scalar or a series.
 */
export function combine(
  left: Value,
  right: Value,
  op: (a: number, b: number) => number,
  symbol: string,
  dropped: () => void,
): Value {
  if (left.kind === "scalar" && right.kind === "scalar") return scalar(op(left.value, right.value));
  const withSeries = (a: Series | number, b: Series | number): Series => {
    const out = new Points(dropped);
    const template = typeof a === "number" ? (b as Series) : a;
    const keys = new Set([
      ...(typeof a === "number" ? [] : a.points.keys()),
      ...(typeof b === "number" ? [] : b.points.keys()),
    ]);
    const at = (x: Series | number, t: number) => (typeof x === "number" ? x : (x.points.get(t) ?? 0));
    for (const t of [...keys].sort((x, y) => x - y)) out.set(t, op(at(a, t), at(b, t)));
    return { label: template.label, period: template.period, points: out.points };
  };
  const operand = (v: Value): Series | number | Series[] => {
    if (v.kind === "scalar") return v.value;
    if (v.kind === "series") return v.series;
    if (v.kind === "array") return v.items;
    throw new MathError(`The operator ${symbol} cannot take ${typeName(v)}.`);
  };
  const a = operand(left);
  const b = operand(right);
  if (Array.isArray(a) && Array.isArray(b))
    throw new MathError(`The operator ${symbol} cannot combine two arrays of time series.`);
  if (Array.isArray(a)) return array(a.map((s) => withSeries(s, b as Series | number)));
  if (Array.isArray(b)) return array(b.map((s) => withSeries(a, s)));
  return single(withSeries(a, b));
}
