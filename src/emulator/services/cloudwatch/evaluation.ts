/**
 * One evaluation of a metric alarm, as CloudWatch's documentation describes it (pure: datapoints
 * and the current state in, the state to move to out):
 * - The alarm looks at an evaluation range a little longer than its N evaluation periods
 *   (N + max(⌊N/3⌋, 2) periods, inferred from AWS's example of 5 for N = 3), so that a late or
 *   missing latest datapoint does not decide alone.
 * - With at least N real datapoints in the range, the most recent N are evaluated: ALARM when at
 *   least M (DatapointsToAlarm, default N) breach, OK otherwise.
 * - With fewer, missing datapoints are filled per TreatMissingData only as often as needed to
 *   reach N (breaching / notBreaching). `missing` and `ignore` fill nothing: ALARM if M real
 *   datapoints breach, or – `missing` only – the oldest breaching datapoint of the last N periods
 *   is at least M periods old and every newer real one breaches ("premature alarm" rule); OK if
 *   enough real datapoints are within the threshold that M breaches are impossible; otherwise the
 *   state is kept (inferred).
 * - With no datapoint at all: missing → INSUFFICIENT_DATA, breaching → ALARM,
 *   notBreaching → OK, ignore → keep the state.
 */
import type { AlarmDefinition, ComparisonOperator, StateValue } from "./alarm-store";
import { noDataReason, reasonData, thresholdReason, type Datapoint } from "./reasons";

export interface Evaluation {
  value: StateValue;
  reason: string;
  reasonData: object;
}

const CROSSES: Record<ComparisonOperator, (value: number, threshold: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

export const evaluationRange = (evaluationPeriods: number) =>
  evaluationPeriods + Math.max(Math.floor(evaluationPeriods / 3), 2);

/**
 * `points` has one entry per period of the evaluation range, newest first (undefined: no
 * datapoint); `rangeStart` is the start of the oldest. Undefined result: keep the current state –
 * also when the state decided is `current`, so no reason is written for a state that stays.
 */
export function evaluate(
  alarm: AlarmDefinition,
  points: readonly (Datapoint | undefined)[],
  now: number,
  rangeStart: number,
  current?: StateValue,
): Evaluation | undefined {
  const n = alarm.evaluationPeriods;
  const m = alarm.datapointsToAlarm ?? n;
  const treat = alarm.treatMissingData ?? "missing";
  const breaches = (p: Datapoint) => CROSSES[alarm.comparisonOperator](p.value, alarm.threshold);
  const real = points.filter((p): p is Datapoint => p !== undefined);
  const decided = (value: "ALARM" | "OK", evaluated: readonly Datapoint[]): Evaluation | undefined =>
    value === current
      ? undefined
      : {
          value,
          reason: thresholdReason(
            alarm,
            value,
            evaluated.filter((p) => breaches(p) === (value === "ALARM")),
          ),
          reasonData: reasonData(alarm, now, rangeStart, evaluated),
        };

  if (real.length === 0) {
    if (treat === "ignore") return undefined;
    const value = treat === "missing" ? "INSUFFICIENT_DATA" : treat === "breaching" ? "ALARM" : "OK";
    if (value === current) return undefined;
    return { value, reason: noDataReason(alarm, treat), reasonData: reasonData(alarm, now, rangeStart, []) };
  }
  const evaluated = real.slice(0, n);
  const breaching = evaluated.filter(breaches).length;
  const filled = n - evaluated.length;
  const filledBreaching = treat === "breaching" ? filled : 0;
  if (breaching + filledBreaching >= m) return decided("ALARM", evaluated);
  if (filled === 0 || treat === "notBreaching" || treat === "breaching") return decided("OK", evaluated);
  if (treat === "missing" && prematureAlarm(points.slice(0, n), breaches, m)) return decided("ALARM", evaluated);
  if (evaluated.length - breaching >= n - m + 1) return decided("OK", evaluated);
  return undefined;
}

/** The oldest breaching datapoint of the window is at least M periods old and every newer real datapoint breaches. */
function prematureAlarm(
  window: readonly (Datapoint | undefined)[],
  breaches: (p: Datapoint) => boolean,
  m: number,
): boolean {
  let oldest = -1;
  window.forEach((p, age) => {
    if (p && breaches(p)) oldest = age;
  });
  return oldest + 1 >= m && window.slice(0, oldest).every((p) => p === undefined || breaches(p));
}
