import type { TrafficSummary } from "../../src/aws/traffic";
import { comparisonTable, comparisonText, type ShadowRun } from "../../src/tasks/shadow-test";

const summary: TrafficSummary = { sent: 100, ok: 98, errors: 2, p50Ms: 4.5, p90Ms: 7, p99Ms: 12.3, byVariant: { AllTraffic: 98 } };

/** Shadow test 2: the faulty shadow answers no request, production 78 of 100 right. */
const shadowRun: ShadowRun = {
  slot: 2,
  configName: "weather-config-shadow-2",
  traffic: summary,
  comparison: {
    production: { variant: "AllTraffic", requests: 100, predictions: 100, accuracy: 0.78, confusion: [] },
    shadow: { variant: "ShadowVariant", requests: 100, predictions: 0, accuracy: 0, confusion: [] },
    joined: 100,
    agreement: 0,
  },
  startedAt: new Date(0),
  finishedAt: new Date(60_000),
};

describe("a shadow run's summaries", () => {
  it("tables production and shadow: requests, predictions, errors, accuracy", () => {
    expect(comparisonTable(shadowRun).values).toEqual([
      ["production", "AllTraffic", 100, 100, 0, 0.78],
      ["shadow", "ShadowVariant", 100, 0, 100, 0],
    ]);
  });

  it("says the run in two lines", () => {
    expect(comparisonText(shadowRun)).toBe(
      [
        "weather-config-shadow-2: 100 requests, 2 production errors seen by the caller.",
        "   production accuracy 78.0 % · shadow accuracy 0.0 % · agreement 0.0 % over 100 joined requests · shadow errors 100",
      ].join("\n"),
    );
  });
});
