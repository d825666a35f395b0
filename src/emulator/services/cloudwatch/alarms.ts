/**
 * The alarm operations: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric,
 * DescribeAlarmHistory, DeleteAlarms, SetAlarmState, EnableAlarmActions, DisableAlarmActions
 * (PutCompositeAlarm and what is particular to composite alarms: composite.ts).
 * Each takes its operation's SDK input type (both protocols decode to it, protocols/shapes.ts) and
 * checks what the shape cannot say through inputs.ts; outputs are plain objects each protocol
 * writes its way.
 * Alarm actions are stored and echoed but never run: the emulator has no SNS, Auto Scaling or EC2.
 */
import type {
  DeleteAlarmsCommandInput,
  DescribeAlarmHistoryCommandInput,
  DescribeAlarmsCommandInput,
  DescribeAlarmsForMetricCommandInput,
  DisableAlarmActionsCommandInput,
  EnableAlarmActionsCommandInput,
  PutMetricAlarmCommandInput,
  SetAlarmStateCommandInput,
} from "@aws-sdk/client-cloudwatch";
import {
  COMPARISON_OPERATORS,
  STATE_VALUES,
  TREAT_MISSING_DATA,
  type AlarmDefinition,
  type AlarmRecord,
  type CompositeRecord,
  type HistoryItemType,
} from "./alarm-store";
import { alarmHead, commonDefinition } from "./alarm-common";
import { checkDeletable, compositeAlarm, relatives, settleComposites } from "./composite";
import { cwErrors } from "./errors";
import { dimensionsOf, oneOf, optionalCount, optionalString, page, required, stringList } from "./inputs";
import { seriesKey } from "./metric-id";
import type { CloudWatchState } from "./state";
import { STATISTICS, isStatistic } from "./statistics";
import { tagsOf } from "./tags";

const ALARM_TYPES = ["MetricAlarm", "CompositeAlarm"] as const;
const HISTORY_ITEM_TYPES: readonly HistoryItemType[] = ["ConfigurationUpdate", "StateUpdate", "Action"];
const DAY_S = 86_400;

function alarmNames(input: { AlarmNames?: string[] }): string[] {
  if (input.AlarmNames === undefined) throw cwErrors.missingParameter("AlarmNames");
  return stringList(input, "AlarmNames", 100);
}

/** Periods CloudWatch alarms accept: 10, 20, 30 (high resolution) or a multiple of 60. */
function alarmPeriod(input: PutMetricAlarmCommandInput): number {
  const period = optionalCount(input, "Period");
  if (period === undefined) throw cwErrors.missingParameter("Period");
  if (![10, 20, 30].includes(period) && period % 60 !== 0)
    throw cwErrors.invalidParameterValue("Period must be 10, 20, 30 or a multiple of 60."); // wording inferred
  return period;
}

export async function putMetricAlarm(s: CloudWatchState, input: PutMetricAlarmCommandInput): Promise<void> {
  const name = required(input, "AlarmName");
  optionalString(input, "AlarmName", 255);
  // Emulator limit, said plainly: metric math and anomaly-detection alarms need an expression engine.
  if (input.Metrics !== undefined || input.ThresholdMetricId !== undefined) {
    throw cwErrors.invalidParameterValue(
      "Alarms on metric math expressions (Metrics, ThresholdMetricId) are not supported by the local emulator; alarm on a single metric.",
    );
  }
  const comparisonOperator = oneOf(input, "ComparisonOperator", COMPARISON_OPERATORS);
  if (comparisonOperator === undefined) throw cwErrors.missingParameter("ComparisonOperator");
  const evaluationPeriods = optionalCount(input, "EvaluationPeriods");
  if (evaluationPeriods === undefined) throw cwErrors.missingParameter("EvaluationPeriods");
  const statistic = oneOf(input, "Statistic", STATISTICS);
  const extendedStatistic = optionalString(input, "ExtendedStatistic");
  if ((statistic === undefined) === (extendedStatistic === undefined)) {
    throw cwErrors.invalidParameterCombination(
      "Exactly one of the parameters Statistic and ExtendedStatistic must be specified.",
    ); // wording inferred
  }
  if (extendedStatistic !== undefined && !(extendedStatistic.startsWith("p") && isStatistic(extendedStatistic))) {
    throw cwErrors.invalidParameterValue(
      `The value ${extendedStatistic} for parameter ExtendedStatistic is not supported.`,
    );
  }
  const period = alarmPeriod(input);
  const datapointsToAlarm = optionalCount(input, "DatapointsToAlarm");
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods) {
    throw cwErrors.invalidParameterCombination("DatapointsToAlarm must be less than or equal to EvaluationPeriods."); // wording inferred
  }
  // CloudWatch looks back at most one day for periods under an hour, seven days otherwise.
  const maxRange = period < 3600 ? DAY_S : 7 * DAY_S;
  if (period * evaluationPeriods > maxRange) {
    throw cwErrors.invalidParameterCombination(
      `The evaluation range (Period × EvaluationPeriods) must not exceed ${maxRange} seconds.`,
    ); // wording inferred
  }
  const threshold = input.Threshold;
  if (threshold === undefined) throw cwErrors.missingParameter("Threshold");
  const definition: AlarmDefinition = {
    ...commonDefinition(s.region, name, input),
    metric: {
      namespace: required(input, "Namespace"),
      metricName: required(input, "MetricName"),
      dimensions: dimensionsOf(input.Dimensions),
    },
    statistic,
    extendedStatistic,
    period,
    unit: optionalString(input, "Unit"),
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData: oneOf(input, "TreatMissingData", TREAT_MISSING_DATA),
    evaluateLowSampleCountPercentile: oneOf(input, "EvaluateLowSampleCountPercentile", ["evaluate", "ignore"]),
  };
  if (definition.metric.dimensions.length > 30)
    throw cwErrors.invalidParameterValue("The collection Dimensions must not have a size greater than 30.");
  const tags = tagsOf(input);
  if (s.alarms.composite(name))
    throw cwErrors.validationError(`The alarm ${name} is a composite alarm; a metric alarm cannot replace it.`); // wording inferred
  await s.alarms.put(definition, tags);
}

export function describeAlarms(s: CloudWatchState, input: DescribeAlarmsCommandInput) {
  const names = stringList(input, "AlarmNames", 100);
  const prefix = optionalString(input, "AlarmNamePrefix", 255);
  if (names.length > 0 && prefix !== undefined)
    throw cwErrors.invalidParameterCombination("AlarmNames and AlarmNamePrefix cannot be specified together."); // wording inferred
  const state = oneOf(input, "StateValue", STATE_VALUES);
  const actionPrefix = optionalString(input, "ActionPrefix", 1024);
  const types: string[] = input.AlarmTypes ?? [];
  for (const t of types)
    if (!(ALARM_TYPES as readonly string[]).includes(t)) throw cwErrors.invalidValue("AlarmTypes")(t);
  const composites = types.includes("CompositeAlarm");
  // Without AlarmTypes, metric alarms only (as documented), except for children and parents.
  if (input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined) {
    const found = relatives(s, input).filter(({ type }) => types.length === 0 || types.includes(type));
    const { items, nextToken } = page(found, input, 50);
    return {
      MetricAlarms: items.flatMap(({ type, alarm }) => (type === "MetricAlarm" ? [alarm] : [])),
      CompositeAlarms: items.flatMap(({ type, alarm }) => (type === "CompositeAlarm" ? [alarm] : [])),
      NextToken: nextToken,
    };
  }
  const metricAlarms = types.length === 0 || types.includes("MetricAlarm");
  const matches = ({ definition: a, state: s }: AlarmRecord | CompositeRecord) =>
    (names.length === 0 || names.includes(a.name)) &&
    (prefix === undefined || a.name.startsWith(prefix)) &&
    (state === undefined || s.value === state) &&
    (actionPrefix === undefined ||
      [...a.okActions, ...a.alarmActions, ...a.insufficientDataActions].some((action) =>
        action.startsWith(actionPrefix),
      ));
  const matching: { metric?: AlarmRecord; composite?: CompositeRecord }[] = [
    ...(metricAlarms ? s.alarms.all().filter(matches) : []).map((record) => ({ metric: record })),
    ...(composites ? s.alarms.composites().filter(matches) : []).map((record) => ({ composite: record })),
  ];
  const { items, nextToken } = page(matching, input, 50);
  return {
    MetricAlarms: items.flatMap((i) => (i.metric ? [metricAlarm(i.metric)] : [])),
    // Present, empty, when composite alarms were not asked for (as CloudWatch answers).
    CompositeAlarms: items.flatMap((i) => (i.composite ? [compositeAlarm(i.composite)] : [])),
    NextToken: nextToken,
  };
}

export function describeAlarmsForMetric(s: CloudWatchState, input: DescribeAlarmsForMetricCommandInput) {
  const namespace = required(input, "Namespace");
  const metricName = required(input, "MetricName");
  const statistic = oneOf(input, "Statistic", STATISTICS);
  const extendedStatistic = optionalString(input, "ExtendedStatistic");
  const dimensions =
    input.Dimensions === undefined
      ? undefined
      : seriesKey({ namespace, metricName, dimensions: dimensionsOf(input.Dimensions) });
  const period = optionalCount(input, "Period");
  const unit = optionalString(input, "Unit");
  const alarms = s.alarms
    .all()
    .filter(
      ({ definition: a }) =>
        a.metric.namespace === namespace &&
        a.metric.metricName === metricName &&
        (statistic === undefined || a.statistic === statistic) &&
        (extendedStatistic === undefined || a.extendedStatistic === extendedStatistic) &&
        (dimensions === undefined || seriesKey(a.metric) === dimensions) &&
        (period === undefined || a.period === period) &&
        (unit === undefined || a.unit === unit),
    );
  return { MetricAlarms: alarms.map(metricAlarm) };
}

export function describeAlarmHistory(s: CloudWatchState, input: DescribeAlarmHistoryCommandInput) {
  const name = optionalString(input, "AlarmName", 255);
  const type = oneOf(input, "HistoryItemType", HISTORY_ITEM_TYPES);
  const start = input.StartDate?.getTime() ?? -Infinity;
  const end = input.EndDate?.getTime() ?? Infinity;
  const ascending = oneOf(input, "ScanBy", ["TimestampDescending", "TimestampAscending"]) === "TimestampAscending";
  const types: string[] = input.AlarmTypes ?? [];
  for (const t of types)
    if (!(ALARM_TYPES as readonly string[]).includes(t)) throw cwErrors.invalidValue("AlarmTypes")(t);
  // Without AlarmTypes, metric alarms only (as documented).
  const items = s.alarms
    .items()
    .filter(
      (h) =>
        (types.length === 0 ? ["MetricAlarm"] : types).includes(h.alarmType ?? "MetricAlarm") &&
        (name === undefined || h.alarmName === name) &&
        (type === undefined || h.type === type) &&
        h.time >= start &&
        h.time <= end,
    );
  if (!ascending) items.reverse();
  const { items: selected, nextToken } = page(items, input, 100);
  return {
    AlarmHistoryItems: selected.map((h) => ({
      AlarmName: h.alarmName,
      AlarmType: h.alarmType ?? "MetricAlarm",
      Timestamp: new Date(h.time),
      HistoryItemType: h.type,
      HistorySummary: h.summary,
      HistoryData: h.data,
    })),
    NextToken: nextToken,
  };
}

export async function deleteAlarms(s: CloudWatchState, input: DeleteAlarmsCommandInput): Promise<void> {
  const names = alarmNames(input);
  checkDeletable(s.alarms, names);
  // Names that do not exist are skipped, as CloudWatch does.
  for (const name of names) await s.alarms.delete(name);
}

export async function setAlarmState(s: CloudWatchState, input: SetAlarmStateCommandInput): Promise<void> {
  const name = required(input, "AlarmName");
  const value = oneOf(input, "StateValue", STATE_VALUES);
  if (value === undefined) throw cwErrors.missingParameter("StateValue");
  const reason = optionalString(input, "StateReason", 1023);
  if (reason === undefined) throw cwErrors.missingParameter("StateReason");
  const data = optionalString(input, "StateReasonData", 4000);
  let reasonData: object | undefined;
  try {
    reasonData = data === undefined ? undefined : (JSON.parse(data) as object);
  } catch {
    throw cwErrors.invalidFormat("StateReasonData must be valid JSON."); // wording inferred
  }
  if (!s.alarms.find(name)) throw cwErrors.resourceNotFound(name);
  // The state holds until the next evaluation decides otherwise, as on CloudWatch; the
  // composite alarms above follow it at once.
  await Promise.all([s.alarms.transition(name, value, reason, reasonData), ...settleComposites(s.alarms)]);
}

export async function enableAlarmActions(s: CloudWatchState, input: EnableAlarmActionsCommandInput): Promise<void> {
  for (const name of alarmNames(input)) await s.alarms.setActionsEnabled(name, true);
}

export async function disableAlarmActions(s: CloudWatchState, input: DisableAlarmActionsCommandInput): Promise<void> {
  for (const name of alarmNames(input)) await s.alarms.setActionsEnabled(name, false);
}

/** DescribeAlarms' MetricAlarm shape. */
function metricAlarm(record: AlarmRecord) {
  const a = record.definition;
  return {
    ...alarmHead(record),
    MetricName: a.metric.metricName,
    Namespace: a.metric.namespace,
    Statistic: a.statistic,
    ExtendedStatistic: a.extendedStatistic,
    Dimensions: a.metric.dimensions,
    Period: a.period,
    Unit: a.unit,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    EvaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
  };
}
