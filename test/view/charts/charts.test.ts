import { confusionMatrices } from "../../../src/view/charts/confusion";
import { deploymentPhases } from "../../../src/view/charts/phases";
import { seriesTrace, timeSeriesChart } from "../../../src/view/charts/time-series";
import { timelineChart, type DeploymentRun } from "../../../src/view/charts/timeline";
import { workWindow } from "../../../src/aws/metrics";

const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);
const s = (n: number): number => T0 + n * 1000;

describe("metric series", () => {
  const series = { label: "m", start: s(0), periodMs: 10_000, values: [null, 4, null] };

  it("draws averages as steps across their periods, with gaps where there was no datapoint", () => {
    const trace = seriesTrace(series, "average");
    expect(trace.x).toEqual(["2026-11-29T12:00:10.000", "2026-11-29T12:00:20.000", null]);
    expect(trace.y).toEqual([4, 4, null]);
    expect(trace.connectgaps).toBe(false);
  });

  it("draws sums as steps spanning their periods, 0 where nothing happened", () => {
    const trace = seriesTrace(series, "sum");
    expect(trace.x).toEqual([
      "2026-11-29T12:00:00.000",
      "2026-11-29T12:00:10.000",
      "2026-11-29T12:00:20.000",
      "2026-11-29T12:00:30.000",
      null,
    ]);
    expect(trace.y).toEqual([0, 4, 0, 0, null]);
  });

  it("queries only the periods the work touched and shows them with half a period either side", () => {
    const w = workWindow([s(12.5), s(17.5)], 1);
    expect(w.periodSeconds).toBe(1);
    expect([w.start.getTime(), w.end.getTime()]).toEqual([s(12), s(18)]);
    expect(w.shown).toEqual({ start: s(11.5), end: s(18.5) });
    // Work shorter than the metrics' resolution still fills half the chart.
    expect(workWindow([s(12), s(17)], 10).shown).toEqual({ start: s(5), end: s(25) });
    // Never finer than the metrics' resolution (AWS: one minute).
    expect(workWindow([s(12), s(17)], 60).periodSeconds).toBe(60);
    // About 30 points for longer work.
    expect(workWindow([s(0), s(600)], 1).periodSeconds).toBe(30);
  });

  it("shows the window it is given as the x axis", () => {
    const fig = timeSeriesChart({
      title: "t",
      yTitle: "y",
      aggregate: "sum",
      series: [series],
      window: { start: s(0), end: s(30) },
    });
    expect((fig.layout?.xaxis as { range: string[] }).range).toEqual([
      "2026-11-29T12:00:00.000",
      "2026-11-29T12:00:30.000",
    ]);
  });
});

const obs = (t: number, status: string, kind?: string, alarm = "OK") => ({
  t: s(t),
  status,
  phase: kind ? `AllTraffic: ${kind} – …` : undefined,
  alarms: {
    "TestAlarm-5XXErrors-weather-prediction-endpoint": alarm,
    "TestAlarm-4XXErrors-weather-prediction-endpoint": "OK",
  },
});

const rolledBack: DeploymentRun = {
  requested: "weather-config-v2-2",
  previous: "weather-config-v2-1",
  outcome: "rolled back",
  startedAt: s(0),
  finishedAt: s(40),
  timeline: [
    obs(0, "Updating", "Creating", "INSUFFICIENT_DATA"),
    obs(5, "Updating", "ActivatingTraffic"),
    obs(8, "Updating", "Baking"),
    obs(14, "Updating", "Baking", "ALARM"),
    obs(16, "RollingBack", undefined, "ALARM"),
    obs(30, "InService", undefined, "ALARM"),
  ],
  traffic: [
    { sentAt: s(9), ok: true },
    { sentAt: s(11), ok: false },
    { sentAt: s(12), ok: false },
  ],
};

describe("deployment phases", () => {
  it("names what the poller saw as the canary plan reads", () => {
    expect(deploymentPhases(rolledBack).map((p) => [p.label, (p.start - T0) / 1000, (p.end - T0) / 1000])).toEqual([
      ["launch", 0, 5],
      ["canary shift", 5, 8],
      ["canary bake", 8, 16],
      ["rollback", 16, 30],
    ]);
  });

  it("tells a full shift and a final bake from the canary's", () => {
    const promoted = {
      ...rolledBack,
      timeline: [
        obs(0, "Updating", "ActivatingTraffic"),
        obs(2, "Updating", "Baking"),
        obs(4, "Updating", "ActivatingTraffic"),
        obs(6, "Updating", "Baking"),
        obs(8, "InService"),
      ],
    };
    expect(deploymentPhases(promoted).map((p) => p.label)).toEqual([
      "canary shift",
      "canary bake",
      "full shift",
      "final bake",
    ]);
  });
});

describe("the deployment timeline", () => {
  const fleets = [
    { label: "weather-config-v2-1", start: s(-5), periodMs: 5000, values: [5, 5, 4, 3, 5, 5, 5, 5, 5, 5] },
    { label: "weather-config-v2-2", start: s(-5), periodMs: 5000, values: [0, 0, 1, 2, 0, 0, 0, 0, 0, 0] },
  ];
  const fig = timelineChart(rolledBack, fleets, [
    {
      name: "TestAlarm-5XXErrors-weather-prediction-endpoint",
      threshold: 1,
      statistic: "Invocation5XXErrors Sum",
      series: { label: "5xx", start: s(0), periodMs: 10_000, values: [0, 2, 0, 0] },
    },
  ]);
  const trace = (name: string) => fig.data.find((t) => t.name === name) as Record<string, unknown[]>;

  it("gives each alarm its own row, its state as a band, and marks its breaching datapoints", () => {
    expect(trace("alarm ALARM").y).toContain("5XXErrors");
    expect(trace("alarm ALARM").y).not.toContain("4XXErrors");
    expect(trace("alarm OK").y).toContain("4XXErrors");
    expect(trace("breaching datapoint (alarm period)").x).toEqual([
      "2026-11-29T12:00:10.000",
      "2026-11-29T12:00:20.000",
      null,
    ]);
  });

  it("draws each fleet's bars across their period and counts failed requests per period", () => {
    const bars = trace("answered by weather-config-v2-2");
    expect(bars.x?.[0]).toBe("2026-11-29T11:59:55.000");
    expect((bars as { offset?: unknown }).offset).toBe(0);
    expect(bars.width?.[0]).toBe(5000);
    expect(trace("failed requests").y).toEqual([0, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
  });

  it("trims the axis to the deployment and marks the call, the first failure, the alarm and the canary's share", () => {
    const layout = fig.layout as { xaxis: { range: string[] }; annotations: Array<{ text: string }> };
    expect(layout.xaxis.range).toEqual(["2026-11-29T11:59:55.000", "2026-11-29T12:00:45.000"]);
    const labels = layout.annotations.map((a) => a.text);
    expect(labels).toEqual(
      expect.arrayContaining([
        "UpdateEndpoint → weather-config-v2-2",
        "first failed request",
        "alarm in ALARM",
        "rollback",
        "canary bake · 40 % to weather-config-v2-2",
      ]),
    );
  });
});

describe("confusion matrices", () => {
  it("puts the variants side by side, row-normalised on one scale, with the counts written in", () => {
    const fig = confusionMatrices(
      "c",
      ["a", "b"],
      [
        {
          name: "production",
          confusion: [
            [3, 1],
            [0, 0],
          ],
          requests: 4,
          predictions: 4,
        },
        {
          name: "shadow",
          confusion: [
            [2, 2],
            [0, 0],
          ],
          requests: 4,
          predictions: 4,
        },
      ],
    );
    expect(fig.data.map((t) => t.coloraxis)).toEqual(["coloraxis", "coloraxis"]);
    expect(fig.data[0]?.z).toEqual([
      [0.75, 0.25],
      [null, null],
    ]);
    expect((fig.data[0]?.text as string[][])[0]?.[0]).toBe("3<br>75 %");
    expect(fig.data.map((t) => t.xaxis)).toEqual(["x", "x2"]);
  });

  it("says so in words when a variant predicted nothing", () => {
    const fig = confusionMatrices(
      "c",
      ["a", "b"],
      [
        {
          name: "production",
          confusion: [
            [3, 1],
            [0, 0],
          ],
          requests: 877,
          predictions: 877,
        },
        {
          name: "shadow",
          confusion: [
            [0, 0],
            [0, 0],
          ],
          requests: 877,
          predictions: 0,
        },
      ],
    );
    expect(fig.data).toHaveLength(1);
    expect((fig.layout?.annotations as Array<{ text: string }>).map((a) => a.text)).toContain(
      "no predictions: 877 of 877 requests failed",
    );
  });
});
