import { qualityChart, variantOverlay } from "../../../src/view/charts/shadow";

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);
const series = (values: number[]) => ({ label: "m", start: T0, periodMs: 10_000, values });
const window = { start: T0 - 5000, end: T0 + 35_000 };

describe("a shadow test's charts", () => {
  it("show both variants' invocations with their totals, the shadow dashed over production so equal lines both show", () => {
    const fig = variantOverlay(
      { production: series([400, 340, 137]), shadow: series([400, 340, 137]) },
      { title: "Invocations", yTitle: "requests", aggregate: "sum", window },
    );
    expect(fig.data.map((t) => t.name)).toEqual(["production (877 in all)", "shadow (877 in all)"]);
    expect((fig.data[1]?.line as { dash?: string }).dash).toBe("dash");
    expect((fig.data[0]?.line as { width: number }).width).toBeGreaterThan(
      (fig.data[1]?.line as { width: number }).width,
    );
  });

  it("mark a shadow that failed every request: its latency is of error answers", () => {
    const fig = variantOverlay(
      { production: series([1900, 900, 1000]), shadow: series([40, 30, 20]) },
      { title: "ModelLatency", yTitle: "µs", aggregate: "average", window, shadowOnlyErrors: true },
    );
    expect(fig.data[1]?.name).toBe("shadow – error answers only");
    expect((fig.layout?.annotations as Array<{ text: string }>).map((a) => a.text)).toContain(
      "every shadow request failed: its latency is the time to answer with an error, not to predict",
    );
  });

  it("say n/a where a shadow that predicted nothing has no accuracy nor agreement", () => {
    const fig = qualityChart({
      configName: "weather-config-shadow-2",
      requests: 877,
      productionAccuracy: 0.397,
      shadowAccuracy: undefined,
      agreement: undefined,
      shadowErrorRate: 1,
    });
    expect(fig.data[0]?.text).toEqual([
      "0.397",
      "n/a – all 877 requests failed",
      "n/a – all 877 requests failed",
      "1.000",
    ]);
  });
});
