/**
 * The texts CloudWatch writes into StateReason / StateReasonData, in AWS's forms (as seen in
 * alarm events and DescribeAlarms outputs):
 *   Threshold Crossed: 1 datapoint [3.0 (01/01/26 12:00:10)] was greater than or equal to the threshold (1.0).
 *   Threshold Crossed: 2 out of the last 3 datapoints [5.0 (…), 3.0 (…)] were greater than the threshold (2.0) (minimum 2 datapoints for OK -> ALARM transition).
 *   Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].
 * The short form is used for a classic alarm (one evaluation period, DatapointsToAlarm unset),
 * the "out of the last" form for every other one (inferred from which alarms showed which form).
 * Numbers print as Java doubles do (1.0, 0.25), times as dd/MM/yy HH:mm:ss UTC.
 */
import type { AlarmDefinition, ComparisonOperator, TreatMissingData } from "./alarm-store";

export interface Datapoint {
  /** Start of the period, epoch ms. */
  time: number;
  value: number;
  sampleCount: number;
}

const PHRASE: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  GreaterThanThreshold: "greater than",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

const MISSING_AS: Record<Exclude<TreatMissingData, "ignore">, string> = {
  missing: "Missing",
  breaching: "Breaching",
  notBreaching: "NonBreaching",
};

const javaDouble = (v: number): string => (Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : String(v));

const two = (n: number) => String(n).padStart(2, "0");
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** 2026-01-01T12:00:10.000+0000, the timestamp form of StateReasonData. */
export const reasonDataTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `listed` are the datapoints that decided the state, newest first. */
export function thresholdReason(alarm: AlarmDefinition, state: "ALARM" | "OK", listed: readonly Datapoint[]): string {
  const points = `[${listed.map((p) => `${javaDouble(p.value)} (${reasonTime(p.time)})`).join(", ")}]`;
  const verb = listed.length === 1 ? "was" : "were";
  const crossed = `${state === "OK" ? "not " : ""}${PHRASE[alarm.comparisonOperator]} the threshold (${javaDouble(alarm.threshold)})`;
  if (alarm.evaluationPeriods === 1 && alarm.datapointsToAlarm === undefined) {
    return `Threshold Crossed: ${plural(listed.length, "datapoint")} ${points} ${verb} ${crossed}.`;
  }
  const n = alarm.evaluationPeriods;
  const m = alarm.datapointsToAlarm ?? n;
  const minimum = state === "ALARM" ? m : n - m + 1;
  const transition = state === "ALARM" ? "OK -> ALARM" : "ALARM -> OK";
  return `Threshold Crossed: ${listed.length} out of the last ${n} datapoints ${points} ${verb} ${crossed} (minimum ${plural(minimum, "datapoint")} for ${transition} transition).`;
}

export function noDataReason(alarm: AlarmDefinition, treat: Exclude<TreatMissingData, "ignore">): string {
  const n = alarm.evaluationPeriods;
  const head = treat === "missing" ? "Insufficient Data" : "Threshold Crossed";
  return `${head}: no datapoints were received for ${plural(n, "period")} and ${plural(n, "missing datapoint")} ${n === 1 ? "was" : "were"} treated as [${MISSING_AS[treat]}].`;
}

/** StateReasonData: the query behind the decision (`evaluated` newest first). */
export function reasonData(
  alarm: AlarmDefinition,
  now: number,
  rangeStart: number,
  evaluated: readonly Datapoint[],
): object {
  return {
    version: "1.0",
    queryDate: reasonDataTime(now),
    startDate: reasonDataTime(evaluated.at(-1)?.time ?? rangeStart),
    ...(alarm.statistic ? { statistic: alarm.statistic } : { extendedStatistic: alarm.extendedStatistic }),
    ...(alarm.unit ? { unit: alarm.unit } : {}),
    period: alarm.period,
    recentDatapoints: evaluated.map((p) => p.value).reverse(),
    threshold: alarm.threshold,
    evaluatedDatapoints: evaluated.map((p) => ({
      timestamp: reasonDataTime(p.time),
      sampleCount: p.sampleCount,
      value: p.value,
    })),
  };
}
