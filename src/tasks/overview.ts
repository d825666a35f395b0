/** Tables that summarise a task: resource names, alarms, verdicts, shadow runs. */
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DataFrame } from "danfojs-node";
import { ALARM_METRICS, alarmName, configName, modelName, s3Uri, SLOTS, type NotebookConfig, type Version } from "../config";
import { ARTIFACTS, TEST_PAYLOADS, TEST_WITH_LABELS } from "../data";
import type { Verdict } from "../deploy/canary";
import { summarize } from "../traffic";
import type { ShadowRun } from "./shadow-test";

const VERSIONS: readonly Version[] = ["v1", "v2", "shadow"];

/** Every resource the notebook creates, by name – none carries a timestamp. */
export function resourceNames(config: NotebookConfig): DataFrame {
  const rows = [
    { type: "Endpoint", name: config.endpointName },
    ...VERSIONS.flatMap((v) => SLOTS.map((s) => ({ type: "Model", name: modelName(v, s) }))),
    ...VERSIONS.flatMap((v) => SLOTS.map((s) => ({ type: "EndpointConfig", name: configName(v, s) }))),
    ...ALARM_METRICS.map((a) => ({ type: "CloudWatch alarm", name: alarmName(a.name, config.endpointName) })),
    ...[ARTIFACTS.v1, ARTIFACTS.v2, TEST_WITH_LABELS, TEST_PAYLOADS].map((f) => ({ type: "S3 object", name: s3Uri(config, f) })),
  ];
  return new DataFrame(rows);
}

export function alarmsTable(alarms: readonly MetricAlarm[]): DataFrame {
  return new DataFrame(
    alarms.map((a) => ({
      alarm: a.AlarmName,
      metric: a.MetricName,
      statistic: a.Statistic ?? a.ExtendedStatistic,
      period: a.Period,
      condition: `${a.ComparisonOperator} ${a.Threshold}`,
      state: a.StateValue,
    })),
  );
}

export function verdictTable(verdicts: readonly Verdict[]): DataFrame {
  return new DataFrame(
    verdicts.map((v) => {
      const s = summarize(v.traffic);
      return {
        requested: v.requested,
        attached: v.attached ?? "",
        outcome: v.outcome,
        "requests sent": s.sent,
        errors: s.errors,
        "s to rollback": v.blastRadius.secondsFromFirstErrorToRollback ?? "",
        FailureReason: v.failureReason ?? "",
      };
    }),
  );
}

export function shadowSummaryTable(runs: readonly ShadowRun[]): DataFrame {
  return new DataFrame(
    runs.map((r) => ({
      config: r.configName,
      "production errors": r.traffic.errors,
      "production accuracy": Number(r.comparison.production.accuracy.toFixed(4)),
      "shadow accuracy": Number(r.comparison.shadow.accuracy.toFixed(4)),
      "shadow errors": r.comparison.shadow.requests - r.comparison.shadow.predictions,
      agreement: Number(r.comparison.agreement.toFixed(4)),
    })),
  );
}
