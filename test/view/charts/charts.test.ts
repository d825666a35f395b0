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

const obs = (t: number, status: string, kind?: string, alarm = "OK", newFleetShare?: number) => ({
  t: s(t),
  status,
  phase: kind ? `AllTraffic: ${kind} – …` : undefined,
  newFleetShare,
  alarms: {
    "TestAlarm-5XXErrors-weather-prediction-endpoint": alarm,
    "TestAlarm-4XXErrors-weather-prediction-endpoint": "OK",
  },
});

/** v2-2 after v2-1: 6 s waiting for the 5XX alarm to leave ALARM, UpdateEndpoint sent at 0, rolled back at 16. */
const rolledBack: DeploymentRun = {
  requested: "weather-config-v2-2",
  previous: "weather-config-v2-1",
  outcome: "rolled back",
  startedAt: s(0),
  finishedAt: s(40),
  trafficSteps: 2,
  alarmWait: {
    startedAt: s(-6),
    finishedAt: s(0),
    alarms: ["TestAlarm-5XXErrors-weather-prediction-endpoint"],
    timeline: [obs(-6, "InService", undefined, "ALARM"), obs(-1, "InService")],
  },
  timeline: [
    obs(0, "Updating", "Creating", "INSUFFICIENT_DATA", 0),
    obs(5, "Updating", "ActivatingTraffic", "OK", 0.2),
    obs(8, "Updating", "Baking", "OK", 1 / 3),
    obs(14, "Updating", "Baking", "ALARM", 1 / 3),
    obs(16, "RollingBack", undefined, "ALARM", 1 / 3),
    obs(18, "RollingBack", "Deleting", "ALARM", 0),
    obs(30, "InService", undefined, "ALARM"),
  ],
  traffic: [
    { sentAt: s(9), ok: true },
    { sentAt: s(11), ok: false },
    { sentAt: s(12), ok: false },
  ],
};

describe("deployment phases", () => {
  it("names what the poller saw as the canary plan reads, the wait for the alarm first", () => {
    expect(
      deploymentPhases(rolledBack).map((p) => [p.label, p.note, (p.start - T0) / 1000, (p.end - T0) / 1000]),
    ).toEqual([
      ["alarm wait: 5XXErrors in ALARM", undefined, -6, 0],
      ["launch", undefined, 0, 5],
      ["canary shift", "33 %", 5, 8],
      ["canary bake", undefined, 8, 16],
      ["rollback", undefined, 16, 30],
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
      "alarm wait: 5XXErrors in ALARM",
      "canary shift",
      "canary bake",
      "full shift",
      "final bake",
    ]);
  });

  it("numbers LINEAR and rolling steps k/n with the share of the traffic each puts on the new fleet", () => {
    const linear = {
      ...rolledBack,
      alarmWait: undefined,
      trafficSteps: 3,
      timeline: [1, 2, 3].flatMap((k) => [
        obs(10 * k, "Updating", "ActivatingTraffic", "OK", (k - 1) / 3),
        obs(10 * k + 2, "Updating", "Baking", "OK", k / 3),
      ]),
    };
    expect(deploymentPhases(linear).map((p) => (p.note ? `${p.label} · ${p.note}` : p.label))).toEqual([
      "step 1/3 · 33 %",
      "bake 1/3",
      "step 2/3 · 67 %",
      "bake 2/3",
      "step 3/3 · 100 %",
      "final bake",
    ]);
  });
});

describe("the deployment timeline", () => {
  const fleets = [
    { label: "weather-config-v2-1", start: s(-10), periodMs: 5000, values: [5, 5, 5, 4, 3, 5, 5, 5, 5, 5, 5] },
    { label: "weather-config-v2-2", start: s(-10), periodMs: 5000, values: [0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0] },
  ];
  const fig = timelineChart(rolledBack, fleets, [
    {
      name: "TestAlarm-5XXErrors-weather-prediction-endpoint",
      threshold: 1,
      statistic: "Invocation5XXErrors Sum",
      series: { label: "5xx", start: s(-10), periodMs: 10_000, values: [3, 0, 2, 0, 0] },
    },
  ]);
  const trace = (name: string) => fig.data.find((t) => t.name === name) as Record<string, unknown[]>;
  const layout = fig.layout as {
    xaxis: { range: string[] };
    shapes: Array<{ type: string; x0: string }>;
    annotations: Array<{ text: string; x: string; yshift: number }>;
  };

  it("gives each alarm its own row, its state as a band – the wait's ALARM included – and marks its breaching datapoints from the chart's start on", () => {
    expect(trace("alarm ALARM").y).toContain("5XXErrors");
    expect(trace("alarm ALARM").x?.[0]).toBe("2026-11-29T11:59:54.000");
    expect(trace("alarm OK").y).toContain("4XXErrors");
    // The datapoint of [-10, 0) is drawn from the wait's start (-6), the one of [10, 20) whole.
    expect(trace("breaching datapoint (its alarm period)").x).toEqual([
      "2026-11-29T11:59:54.000",
      "2026-11-29T12:00:00.000",
      null,
      "2026-11-29T12:00:10.000",
      "2026-11-29T12:00:20.000",
      null,
    ]);
  });

  it("draws no bar of the new fleet before the UpdateEndpoint was sent, and stacks it on the old fleet", () => {
    const bars = trace("answered by weather-config-v2-2 (new fleet)");
    expect(bars.x).toEqual(["2026-11-29T12:00:10.000", "2026-11-29T12:00:15.000"]);
    expect(bars.base).toEqual([3, 5]);
    const old = trace("answered by weather-config-v2-1 (old fleet)");
    expect(old.x?.[0]).toBe("2026-11-29T11:59:50.000");
    expect(old.width?.[0]).toBe(5000);
  });

  it("draws failed requests as steps on the fleets' periods, from the request on", () => {
    const failed = trace("failed requests (client)");
    expect(failed.x?.slice(0, 2)).toEqual(["2026-11-29T12:00:00.000", "2026-11-29T12:00:05.000"]);
    expect(failed.y?.slice(0, 6)).toEqual([0, 0, 0, 0, 2, 2]);
  });

  it("marks the request at the moment it was sent, the first failure, the alarm and the recovery", () => {
    const moment = (label: string) => layout.annotations.find((a) => a.text === `┆ ${label}`)?.x;
    expect(moment("UpdateEndpoint sent → weather-config-v2-2")).toBe("2026-11-29T12:00:00.000");
    expect(moment("first failed request")).toBe("2026-11-29T12:00:11.000");
    expect(moment("alarm in ALARM")).toBe("2026-11-29T12:00:14.000");
    expect(moment("recovered: old fleet has all traffic")).toBe("2026-11-29T12:00:18.000");
  });

  it("covers the wait and the deployment, labels every phase, and keeps labels from overlapping", () => {
    expect(layout.xaxis.range).toEqual(["2026-11-29T11:59:49.000", "2026-11-29T12:00:45.000"]);
    const labels = layout.annotations.map((a) => a.text);
    expect(labels).toEqual(
      expect.arrayContaining(["alarm wait: 5XXErrors in ALARM", "launch", "canary shift · 33 %", "rollback"]),
    );
    // Labels closer than their own width sit in different rows.
    const launch = layout.annotations.find((a) => a.text === "launch");
    const sent = layout.annotations.find((a) => a.text.startsWith("┆ UpdateEndpoint"));
    expect(launch?.yshift).not.toBe(sent?.yshift);
  });

  it("says in the title how long the deployment took from the request", () => {
    expect((fig.layout?.title as { text: string }).text).toBe(
      "Deployment weather-config-v2-1 → weather-config-v2-2: rolled back (40.0 s from UpdateEndpoint)",
    );
  });

  it("on an emulator clock faster than real time, says which in the title and on the time axis", () => {
    const scaled = timelineChart({ ...rolledBack, clock: "emulator clock ×30" }, fleets).layout as {
      title: { text: string };
      xaxis: { title: { text: string } };
    };
    expect(scaled.title.text).toBe(
      "Deployment weather-config-v2-1 → weather-config-v2-2: rolled back (40.0 s from UpdateEndpoint, emulator clock ×30)",
    );
    expect(scaled.xaxis.title.text).toBe("time (UTC, emulator clock ×30)");
    expect((fig.layout as { xaxis: { title: { text: string } } }).xaxis.title.text).toBe("time (UTC)");
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
