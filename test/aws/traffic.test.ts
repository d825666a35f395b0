import { progressText, summarize, type RequestRecord } from "../../src/aws/traffic";

const record = (index: number, ok: boolean, latencyMs: number, variant = "AllTraffic"): RequestRecord => ({
  index,
  sentAt: index,
  latencyMs,
  ok,
  variant: ok ? variant : undefined,
  body: "",
});

describe("traffic summaries", () => {
  it("prints `.` per answer and `E` per error, 100 marks per line", () => {
    const records = Array.from({ length: 150 }, (_, i) => record(i, i % 50 !== 0, 1));
    const lines = progressText(records).split("\n");
    expect(lines[0]).toHaveLength(100);
    expect(lines[0]?.startsWith("E....")).toBe(true);
    expect(lines[1]).toHaveLength(50);
    expect(progressText(records).replace(/\n/g, "").match(/E/g)).toHaveLength(3);
  });

  it("counts sent, ok and errors and takes nearest-rank latency percentiles", () => {
    const records = Array.from({ length: 100 }, (_, i) => record(i, i < 90, i + 1));
    const s = summarize(records);
    expect(s).toMatchObject({ sent: 100, ok: 90, errors: 10, p50Ms: 50, p90Ms: 90, p99Ms: 99 });
    expect(s.byVariant).toEqual({ AllTraffic: 90 });
  });
});
