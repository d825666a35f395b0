/**
 * A request's MetricDataQueries – GetMetricData's, or an alarm's `Metrics` – as one graph: metrics
 * (MetricStat) read from the store and expressions over them and over each other, by Id.
 * `readQueries` checks the graph as CloudWatch does before running anything (Ids unique, exactly
 * one of MetricStat and Expression, syntax, known Ids, no cycle, functions and argument types, a
 * time series or an array of them as each result); `runQueries` evaluates it over a time range.
 */
import type { MetricDataQuery, MetricStat } from "@aws-sdk/client-cloudwatch";
import { cwErrors } from "../errors";
import { required } from "../inputs";
import type { MetricId } from "../metric-id";
import { MathError } from "./errors";
import { evaluate, type Scope } from "./evaluate";
import { callsMetrics, parse, references, type Node } from "./parser";
import { typeName, type Series, type Value } from "./values";

/** A MetricStat as read by the operation that received it (its period and statistic rules differ). */
export interface StatQuery {
  metric: MetricId;
  period: number;
  stat: string;
  unit?: string;
}

export interface MetricQuery {
  id: string;
  label?: string;
  returnData: boolean;
  /** Seconds, MetricDataQuery's own Period (for an expression: the period of what it makes from nothing). */
  period?: number;
  stat?: StatQuery;
  expression?: { source: string; node: Node };
}

/** Reads a MetricStat; `position` is the query's 1-based place in the list (for error messages). */
export type StatReader = (stat: MetricStat, position: number) => StatQuery;

/** The datapoints of one metric in [start, end): period start (epoch ms) → the statistic's value. */
export type Fetch = (stat: StatQuery, start: number, end: number) => Map<number, number>;

export interface QueryResult {
  query: MetricQuery;
  /** One series, or one per series of an array result. */
  series: Series[];
  /** Whether the result is an array of time series (even of one or none). */
  array: boolean;
  /** Whether datapoints were dropped for not being finite numbers (division by zero…). */
  dropped: boolean;
}

const ID = /^[a-z][a-zA-Z0-9_]*$/;
export const DROPPED_MESSAGE = {
  Code: "ArithmeticError",
  Value: "One or more data-points have been dropped due to non-numeric values (NaN, -Infinite, +Infinite)",
};

/** An expression's error, named as CloudWatch names it: by the expression's Id. */
const expressionError = (id: string, message: string) =>
  cwErrors.validationError(`Error in expression ${id}: ${message}`);

/**
 * Reads and checks the queries. Types are a matter of the expressions, not of the data: the
 * returned results are an evaluation over no data, which finds every type error.
 */
export function readQueries(
  input: readonly MetricDataQuery[],
  readStat: StatReader,
  member: string,
): { queries: MetricQuery[]; shapes: Map<string, QueryResult> } {
  const seen = new Set<string>();
  const queries = input.map((q, i): MetricQuery => {
    const id = required(q, "Id");
    if (!ID.test(id))
      throw cwErrors.invalidParameterValue(`The value ${id} for parameter ${member}.member.Id is invalid.`);
    if (seen.has(id)) throw cwErrors.validationError(`The values for parameter Id in ${member} must be unique.`);
    seen.add(id);
    if ((q.Expression === undefined) === (q.MetricStat === undefined))
      throw cwErrors.validationError(
        `Exactly one of the parameters MetricStat and Expression must be specified in ${member}.member.${i + 1}.`,
      );
    const base = { id, label: q.Label, returnData: q.ReturnData ?? true, period: q.Period };
    if (q.MetricStat !== undefined) return { ...base, stat: readStat(q.MetricStat, i + 1) };
    const source = q.Expression!;
    try {
      return { ...base, expression: { source, node: parse(source) } };
    } catch (e) {
      throw e instanceof MathError ? expressionError(id, e.message) : e;
    }
  });
  checkGraph(queries);
  return { queries, shapes: runQueries(queries, 0, 60_000, () => new Map()) };
}

/** Unknown Ids and cycles, before any evaluation. */
function checkGraph(queries: readonly MetricQuery[]): void {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const dependencies = (q: MetricQuery): string[] => {
    if (!q.expression) return [];
    const named = references(q.expression.node);
    for (const ref of named) if (!byId.has(ref)) throw expressionError(q.id, `Unrecognized identifier ${ref}.`);
    const metrics = callsMetrics(q.expression.node) ? queries.filter((m) => m.stat).map((m) => m.id) : [];
    return [...named, ...metrics];
  };
  const done = new Set<string>();
  const visit = (q: MetricQuery, path: string[]) => {
    if (done.has(q.id)) return;
    if (path.includes(q.id))
      throw expressionError(q.id, `Circular dependency: ${[...path.slice(path.indexOf(q.id)), q.id].join(" -> ")}.`);
    for (const dep of dependencies(q)) visit(byId.get(dep)!, [...path, q.id]);
    done.add(q.id);
  };
  for (const q of queries) visit(q, []);
}

/** The labels of a result's series: a metric's Label or name; an expression's Label or Id, before each series' own in an array. */
export function labels(result: QueryResult): string[] {
  const { query, series } = result;
  if (query.stat) return series.map((s) => s.label);
  if (!result.array) return [query.label ?? query.id];
  return series.map((s) => (query.label ? `${query.label} ${s.label}` : s.label));
}

/** Evaluates every query over [start, end), epoch ms. */
export function runQueries(
  queries: readonly MetricQuery[],
  start: number,
  end: number,
  fetch: Fetch,
): Map<string, QueryResult> {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const results = new Map<string, { value: Value; dropped: boolean }>();
  const statPeriods = queries.flatMap((q) => (q.stat ? [q.stat.period] : []));
  const defaultPeriod = statPeriods.length ? Math.min(...statPeriods) : 60;

  const valueOf = (q: MetricQuery): Value => {
    const known = results.get(q.id);
    if (known) return known.value;
    let dropped = false;
    let value: Value;
    if (q.stat) {
      value = {
        kind: "series",
        series: {
          label: q.label ?? q.stat.metric.metricName,
          period: q.stat.period,
          points: fetch(q.stat, start, end),
        },
      };
    } else {
      const scope: Scope = {
        start,
        end,
        period: q.period ?? defaultPeriod,
        metrics: (filter) =>
          queries
            .filter((m) => m.stat && (filter === undefined || m.id.includes(filter)))
            .map((m) => (valueOf(m) as { kind: "series"; series: Series }).series),
        dropped: () => (dropped = true),
        resolve: (id) => valueOf(byId.get(id)!),
      };
      try {
        value = evaluate(q.expression!.node, scope);
      } catch (e) {
        throw e instanceof MathError ? expressionError(q.id, e.message) : e;
      }
      if (value.kind !== "series" && value.kind !== "array")
        throw expressionError(
          q.id,
          `The expression must return a time series or an array of time series, not ${typeName(value)}.`,
        );
    }
    results.set(q.id, { value, dropped });
    return value;
  };

  return new Map(
    queries.map((q) => {
      const value = valueOf(q);
      const series = value.kind === "series" ? [value.series] : value.kind === "array" ? value.items : [];
      return [q.id, { query: q, series, array: value.kind === "array", dropped: results.get(q.id)!.dropped }];
    }),
  );
}
