import { comparisonTable, comparisonText } from "../../src/tasks/shadow-test";
import { shadowRun } from "./shadow-run";

/** Shadow test 2: the faulty shadow answers no request, production 78 of 100 right. */
const faultyShadow = shadowRun(2, 100, 2, { predictions: 100, accuracy: 0.78 }, { predictions: 0, accuracy: 0 }, 0);

describe("a shadow run's summaries", () => {
  it("tables production and shadow: requests, predictions, errors, accuracy", () => {
    expect(comparisonTable(faultyShadow).values).toEqual([
      ["production", "AllTraffic", 100, 100, 0, 0.78],
      ["shadow", "ShadowVariant", 100, 0, 100, 0],
    ]);
  });

  it("says the run in two lines, a shadow that predicted nothing with no accuracy at all", () => {
    expect(comparisonText(faultyShadow)).toBe(
      [
        "🔍 Shadow test weather-config-shadow-2: 100 requests, 2 production errors seen by the caller.",
        "   production accuracy 78.0 % · shadow accuracy n/a – all 100 requests failed · shadow errors 100",
      ].join("\n"),
    );
  });

  it("says both accuracies and their agreement when the shadow predicted", () => {
    const good = shadowRun(1, 100, 0, { predictions: 100, accuracy: 0.4 }, { predictions: 100, accuracy: 0.8 }, 0.5);
    expect(comparisonText(good)).toBe(
      [
        "🔍 Shadow test weather-config-shadow-1: 100 requests, 0 production errors seen by the caller.",
        "   production accuracy 40.0 % · shadow accuracy 80.0 % · agreement 50.0 % over 100 joined requests · shadow errors 0",
      ].join("\n"),
    );
  });
});
