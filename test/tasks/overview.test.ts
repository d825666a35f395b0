import { loadConfig } from "../../src/aws/config";
import { makeClients } from "../../src/aws/clients";
import type { Verdict } from "../../src/aws/deploy/verdict";
import { Session } from "../../src/aws/session";
import type { RequestRecord } from "../../src/aws/traffic";
import {
  alarmsTable,
  endpointSummary,
  resourceNames,
  shadowSummaryTable,
  verdictTable,
} from "../../src/tasks/overview";
import { shadowRun } from "./shadow-run";

const request = (sentAt: number, ok: boolean): RequestRecord => ({
  index: sentAt,
  sentAt,
  latencyMs: 10,
  ok,
  body: ok ? "{}" : "ModelError",
});

const verdict = (requested: string, outcome: Verdict["outcome"], extra: Partial<Verdict> = {}): Verdict => ({
  endpoint: "ep",
  requested,
  previous: "v1-1",
  attached: outcome === "promoted" ? requested : "v1-1",
  outcome,
  startedAt: 0,
  finishedAt: 30_000,
  timeline: [],
  traffic: [request(1, true), request(2, true)],
  blastRadius: { failedRequests: 0 },
  alarms: [],
  ...extra,
});

/** Shadow test 1 as it ran: v1 in production, the better v2 in the shadow, neither failing. */
const goodShadow = shadowRun(
  1,
  300,
  1,
  { predictions: 300, accuracy: 0.397123 },
  { predictions: 300, accuracy: 0.789456 },
  0.412345,
);

describe("the tasks' tables", () => {
  it("name every resource the notebook creates: one endpoint, nine models, nine configs, three alarms, four S3 objects", () => {
    const session = new Session(
      loadConfig("local"),
      makeClients({ region: "us-east-1", endpoint: "http://127.0.0.1:9" }),
    );
    const table = resourceNames(session);
    const types = table.column("type").values as string[];
    const count = (type: string): number => types.filter((t) => t === type).length;
    expect([
      count("Endpoint"),
      count("Model"),
      count("EndpointConfig"),
      count("CloudWatch alarm"),
      count("S3 object"),
    ]).toEqual([1, 9, 9, 3, 4]);
    const names = table.column("name").values as string[];
    expect(names).toContain("weather-model-shadow-3");
    expect(names).toContain("TestAlarm-ModelLatency-weather-prediction-endpoint");
    expect(names).toContain(
      "s3://sagemaker-guardrails-local/sagemaker/RealTime-Weather-Deployment-Guardrails-Canary/005-model.tar.gz",
    );
  });

  it("show an alarm's metric, statistic, period, condition and state", () => {
    const table = alarmsTable([
      {
        AlarmName: "TestAlarm-5XXErrors-ep",
        MetricName: "Invocation5XXErrors",
        Statistic: "Sum",
        Period: 10,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Threshold: 1,
        StateValue: "OK",
      },
      {
        AlarmName: "p99",
        MetricName: "ModelLatency",
        ExtendedStatistic: "p99",
        Period: 60,
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 5000,
        StateValue: "ALARM",
      },
    ]);
    expect(table.columns).toEqual(["alarm", "metric", "statistic", "period", "condition", "state"]);
    expect(table.values).toEqual([
      ["TestAlarm-5XXErrors-ep", "Invocation5XXErrors", "Sum", 10, "GreaterThanOrEqualToThreshold 1", "OK"],
      ["p99", "ModelLatency", "p99", 60, "GreaterThanThreshold 5000", "ALARM"],
    ]);
  });

  it("put one verdict per row: configs, outcome, traffic, seconds to rollback and FailureReason", () => {
    const rolledBack = verdict("v2-2", "rolled back", {
      failureReason: "Alarm in ALARM",
      traffic: [request(1, true), request(2, false), request(3, false)],
      blastRadius: { failedRequests: 2, firstErrorAt: 2, rollbackSeenAt: 4002, secondsFromFirstErrorToRollback: 4 },
    });
    const table = verdictTable([verdict("v2-1", "promoted"), rolledBack]);
    expect(table.columns).toEqual([
      "requested",
      "attached",
      "outcome",
      "requests sent",
      "errors",
      "s to rollback",
      "FailureReason",
    ]);
    expect(table.values).toEqual([
      ["v2-1", "v2-1", "promoted", 2, 0, "", ""],
      ["v2-2", "v1-1", "rolled back", 3, 2, 4, "Alarm in ALARM"],
    ]);
  });

  it("show DescribeEndpoint's variants, production and shadow, with capacity and image", () => {
    const table = endpointSummary({
      EndpointName: "ep",
      EndpointStatus: "InService",
      EndpointConfigName: "weather-config-shadow-1",
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          CurrentInstanceCount: 1,
          CurrentWeight: 1,
          DeployedImages: [{ SpecifiedImage: "ll:1" }],
        },
      ],
      ShadowProductionVariants: [
        {
          VariantName: "ShadowVariant",
          CurrentInstanceCount: 1,
          CurrentWeight: 1,
          DeployedImages: [{ SpecifiedImage: "xgb:1" }],
        },
      ],
      $metadata: {},
    } as Parameters<typeof endpointSummary>[0]);
    expect(table.values).toEqual([
      ["ep", "InService", "weather-config-shadow-1", "production", "AllTraffic", 1, 1, "ll:1"],
      ["ep", "InService", "weather-config-shadow-1", "shadow", "ShadowVariant", 1, 1, "xgb:1"],
    ]);
  });

  it("put one shadow run per row: errors, both accuracies and agreement", () => {
    const table = shadowSummaryTable([goodShadow]);
    expect(table.columns).toEqual([
      "config",
      "production errors",
      "production accuracy",
      "shadow accuracy",
      "shadow errors",
      "agreement",
    ]);
    // Shares rounded to four places, as the notebook shows them.
    expect(table.values).toEqual([["weather-config-shadow-1", 1, 0.3971, 0.7895, 0, 0.4123]]);
  });
});
