/**
 * PutMetricAlarm sent from a cell. The API creates or overwrites by name, so a
 * rerun leaves the same alarm; the state it had is kept (as CloudWatch does).
 */
import {
  DescribeAlarmsCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  type CompositeAlarm,
  type MetricAlarm,
  type PutCompositeAlarmCommandInput,
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

/** Sends a cell's PutCompositeAlarm (created or overwritten by name; every alarm its rule names must exist) and returns its name. */
export function putCompositeAlarm(session: Session, input: PutCompositeAlarmCommandInput): Promise<string> {
  showRequest("PutCompositeAlarm", input);
  return withNextStep(session, async () => {
    await session.clients.cloudwatch.send(new PutCompositeAlarmCommand(input));
    log(`✅ Composite alarm ${input.AlarmName ?? ""}: ${input.AlarmRule ?? ""}.`);
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

/** The named alarms of both kinds: DescribeAlarms lists composite alarms only when AlarmTypes asks for them. */
export function describeAlarmsOfBothTypes(
  session: Session,
  names: readonly string[],
): Promise<{ composite: CompositeAlarm[]; metric: MetricAlarm[] }> {
  return withNextStep(session, async () => {
    if (names.length === 0) return { composite: [], metric: [] };
    const out = await session.clients.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNames: [...names], AlarmTypes: ["CompositeAlarm", "MetricAlarm"] }),
    );
    return { composite: out.CompositeAlarms ?? [], metric: out.MetricAlarms ?? [] };
  });
}
