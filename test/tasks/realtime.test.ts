import { summaryTable } from "../../src/tasks/realtime";

describe("an inference test's summary", () => {
  it("is one row: sent, ok, errors and latency percentiles", () => {
    const table = summaryTable({
      sent: 100,
      ok: 98,
      errors: 2,
      p50Ms: 4.5,
      p90Ms: 7,
      p99Ms: 12.3,
      byVariant: { AllTraffic: 98 },
    });
    expect(table.columns).toEqual(["sent", "ok", "errors", "p50 ms", "p90 ms", "p99 ms"]);
    expect(table.values).toEqual([[100, 98, 2, 4.5, 7, 12.3]]);
  });
});
