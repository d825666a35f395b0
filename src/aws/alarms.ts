/**
 * PutMetricAlarm sent from a cell. The API creates or overwrites by name, so a
 * rerun leaves the same alarm; the state it had is kept (as CloudWatch does).
 */
import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { withNextStep } from "./errors";
import { log } from "../view/live/log";
import { showRequest } from "../view/live/request";
import type { Session } from "./session";

/** Sends a cell's PutMetricAlarm (CloudWatch creates or overwrites by name) and returns the alarm's name. */
export function putMetricAlarm(session: Session, input: PutMetricAlarmCommandInput): Promise<string> {
  showRequest("PutMetricAlarm", input);
  return withNextStep(session, async () => {
    await session.clients.cloudwatch.send(new PutMetricAlarmCommand(input));
    log(
      `✅ Alarm ${input.AlarmName ?? ""}: ${input.MetricName ?? ""} ${input.Statistic ?? input.ExtendedStatistic ?? ""} ${input.ComparisonOperator ?? ""} ${input.Threshold ?? ""} over ${input.Period ?? ""} s.`,
    );
    return input.AlarmName ?? "";
  });
}

/** The named alarms as CloudWatch describes them now: metric, statistic, period, threshold and state. */
export function describeAlarms(session: Session, names: readonly string[]): Promise<MetricAlarm[]> {
  return withNextStep(session, async () => {
    if (names.length === 0) return [];
    const out = await session.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [...names] }));
    return out.MetricAlarms ?? [];
  });
}
