/** Tables that summarise a task: resource names, alarms, verdicts, shadow runs. */
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { DescribeEndpointCommandOutput } from "@aws-sdk/client-sagemaker";
import { DataFrame } from "danfojs-node";
import { ALARM_KINDS, alarmName, configName, modelName, s3Uri, SLOTS, type Version } from "../aws/config";
import { ARTIFACTS, TEST_PAYLOADS, TEST_WITH_LABELS } from "../aws/data";
import type { Verdict } from "../aws/deploy/verdict";
import type { Session } from "../aws/session";
import { summarize } from "../aws/traffic";
import type { ShadowRun } from "./shadow-test";

const VERSIONS: readonly Version[] = ["v1", "v2", "shadow"];

/** Every resource the notebook creates, by name – none carries a timestamp. */
export function resourceNames(session: Session): DataFrame {
  const { config } = session;
  const rows = [
    { type: "Endpoint", name: config.endpointName },
    ...VERSIONS.flatMap((v) => SLOTS.map((s) => ({ type: "Model", name: modelName(v, s) }))),
    ...VERSIONS.flatMap((v) => SLOTS.map((s) => ({ type: "EndpointConfig", name: configName(v, s) }))),
    ...ALARM_KINDS.map((kind) => ({ type: "CloudWatch alarm", name: alarmName(kind, config.endpointName) })),
    ...[ARTIFACTS.v1, ARTIFACTS.v2, TEST_WITH_LABELS, TEST_PAYLOADS].map((f) => ({
      type: "S3 object",
      name: s3Uri(session, f),
    })),
  ];
  return new DataFrame(rows);
}

/** Alarms as a table: metric, statistic, period, condition and state. */
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

/**
 * Verdicts as a table: requested and attached config, outcome, requests sent, errors, seconds to
 * rollback and FailureReason.
 */
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

/**
 * Shadow runs as a table: one row per config with production errors, both accuracies, shadow errors
 * and agreement.
 */
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

/** DescribeEndpoint as the original shows it after the wait: status, config, and each variant's capacity and image. */
export function endpointSummary(d: DescribeEndpointCommandOutput | undefined): DataFrame {
  const variants = [
    ...(d?.ProductionVariants ?? []).map((v) => ({ v, role: "production" })),
    ...(d?.ShadowProductionVariants ?? []).map((v) => ({ v, role: "shadow" })),
  ];
  return new DataFrame(
    variants.map(({ v, role }) => ({
      endpoint: d?.EndpointName ?? "",
      status: d?.EndpointStatus ?? "",
      config: d?.EndpointConfigName ?? "",
      role,
      variant: v.VariantName ?? "",
      instances: v.CurrentInstanceCount ?? 0,
      weight: v.CurrentWeight ?? 0,
      image: (v.DeployedImages ?? []).map((i) => i.SpecifiedImage ?? "").join(" "),
    })),
  );
}
