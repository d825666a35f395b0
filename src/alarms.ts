/**
 * The three auto-rollback alarms, exactly as the original notebook defines
 * them (Period from the timing profile), created idempotently and removed by
 * cleanup.
 */
import { DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { Clients } from "./clients";
import { ALARM_METRICS, alarmName, type NotebookConfig } from "./config";

export const ALARM_DESCRIPTION = "Test SageMaker endpoint deployment auto-rollback alarm";

export function alarmNames(config: NotebookConfig): string[] {
  return ALARM_METRICS.map((a) => alarmName(a.name, config.endpointName));
}

/** PutMetricAlarm creates or overwrites: running it again leaves the same three alarms. */
export async function ensureAlarms(clients: Clients, config: NotebookConfig): Promise<string[]> {
  for (const a of ALARM_METRICS) {
    await clients.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName(a.name, config.endpointName),
        AlarmDescription: ALARM_DESCRIPTION,
        Namespace: "AWS/SageMaker",
        MetricName: a.metric,
        Dimensions: [
          { Name: "EndpointName", Value: config.endpointName },
          { Name: "VariantName", Value: "AllTraffic" },
        ],
        Statistic: a.statistic,
        Period: config.profile.alarmPeriodSeconds,
        EvaluationPeriods: 1,
        Threshold: a.threshold,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "notBreaching",
        ActionsEnabled: false,
      }),
    );
  }
  return alarmNames(config);
}

export async function describeAlarms(clients: Clients, config: NotebookConfig): Promise<MetricAlarm[]> {
  const out = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames(config) }));
  return out.MetricAlarms ?? [];
}

export async function deleteAlarms(clients: Clients, names: string[]): Promise<void> {
  if (names.length > 0) await clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: names }));
}
