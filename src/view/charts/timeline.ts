/**
 * The deployment timeline: what a reader needs to follow a guarded
 * deployment without the text – the phases (shaded), each rollback alarm's
 * state as a band with its breaching datapoints, and below, the traffic each
 * config's fleet answered per period with the requests that failed.
 */
import { text, type Figure } from "./figure";
import { deploymentPhases, updateMoment, type DeploymentRecord, type Observed } from "./phases";
import { phaseDecorations, plotTime, type Moment, type PeriodSeries } from "./time-series";

export interface DeploymentRun extends DeploymentRecord {
  previous?: string;
  outcome: string;
  timeline: ReadonlyArray<Observed & { alarms: Readonly<Record<string, string>> }>;
  /** Every request sent during the deployment (a structural subset of traffic's RequestRecord). */
  traffic: ReadonlyArray<{ sentAt: number; ok: boolean }>;
}

/** An alarm's metric at the alarm's own period, and the threshold it breaches at (≥). */
export interface AlarmMetric {
  name: string;
  threshold: number;
  /** e.g. "Invocation5XXErrors Sum". */
  statistic: string;
  series: PeriodSeries;
}

const STATE_COLORS: Record<string, string> = { OK: "#66bb6a", ALARM: "#e53935", INSUFFICIENT_DATA: "#bdbdbd" };

/** The short row label of an alarm: TestAlarm-5XXErrors-endpoint → 5XXErrors. */
const shortName = (alarm: string, endpointSuffix: string): string =>
  alarm.replace(/^TestAlarm-/, "").replace(endpointSuffix, "");

/** One trace per alarm state: thick segments on each alarm's row while it was in that state. */
function stateBands(
  run: DeploymentRun,
  alarms: readonly string[],
  row: (a: string) => string,
): Array<Record<string, unknown>> {
  const states = [...new Set(run.timeline.flatMap((o) => alarms.map((a) => o.alarms[a] ?? "INSUFFICIENT_DATA")))];
  return states.map((state) => {
    const x: Array<string | null> = [];
    const y: Array<string | null> = [];
    for (const a of alarms) {
      run.timeline.forEach((o, i) => {
        if ((o.alarms[a] ?? "INSUFFICIENT_DATA") !== state) return;
        x.push(plotTime(o.t), plotTime(run.timeline[i + 1]?.t ?? run.finishedAt), null);
        y.push(row(a), row(a), null);
      });
    }
    return {
      type: "scatter",
      mode: "lines",
      name: `alarm ${state}`,
      x,
      y,
      line: { width: 14, color: STATE_COLORS[state] ?? "#90a4ae" },
      yaxis: "y",
      hoverinfo: "x+name",
    };
  });
}

/** Each breaching datapoint as a dark segment across its alarm period, on its alarm's row. */
function breachingPoints(metrics: readonly AlarmMetric[], row: (a: string) => string): Record<string, unknown> {
  const x: Array<string | null> = [];
  const y: Array<string | null> = [];
  const text: Array<string | null> = [];
  for (const m of metrics) {
    m.series.values.forEach((v, i) => {
      if (v === null || v < m.threshold) return;
      const start = m.series.start + i * m.series.periodMs;
      const label = `${m.statistic} = ${v} ≥ ${m.threshold}`;
      x.push(plotTime(start), plotTime(start + m.series.periodMs), null);
      y.push(row(m.name), row(m.name), null);
      text.push(label, label, null);
    });
  }
  return {
    type: "scatter",
    mode: "lines+markers",
    name: "breaching datapoint (alarm period)",
    x,
    y,
    text,
    hovertemplate: "%{text}<extra></extra>",
    line: { width: 5, color: "#7f0000" },
    marker: { symbol: "line-ns", size: 14, line: { width: 2, color: "#7f0000" } },
    yaxis: "y",
  };
}

/** Failed requests per period, on the fleets' period grid. */
function failuresPerPeriod(run: DeploymentRun, grid: PeriodSeries): Record<string, unknown> {
  const counts = grid.values.map(() => 0);
  for (const r of run.traffic) {
    const i = Math.floor((r.sentAt - grid.start) / grid.periodMs);
    if (!r.ok && i >= 0 && i < counts.length) counts[i] = (counts[i] ?? 0) + 1;
  }
  return {
    type: "scatter",
    mode: "lines+markers",
    name: "failed requests",
    x: counts.map((_, i) => plotTime(grid.start + (i + 0.5) * grid.periodMs)),
    y: counts,
    line: { color: "#b71c1c", width: 2.5 },
    marker: { color: "#b71c1c" },
    yaxis: "y2",
  };
}

/** Share of the fleets' traffic that the requested config answered in the periods within [from, to]. */
function shareDuring(
  run: DeploymentRun,
  fleets: readonly PeriodSeries[],
  from: number,
  to: number,
): number | undefined {
  let requested = 0;
  let total = 0;
  for (const f of fleets) {
    f.values.forEach((v, i) => {
      const t = f.start + i * f.periodMs;
      if (t < from || t + f.periodMs > to || v === null) return;
      total += v;
      if (f.label === run.requested) requested += v;
    });
  }
  return total > 0 ? requested / total : undefined;
}

export function timelineChart(
  run: DeploymentRun,
  fleets: readonly PeriodSeries[],
  alarmMetrics: readonly AlarmMetric[] = [],
): Figure {
  const endpointSuffix = /-[^-]+-[^-]+-endpoint$/.exec(Object.keys(run.timeline[0]?.alarms ?? {})[0] ?? "")?.[0] ?? "";
  const alarms = Object.keys(run.timeline[0]?.alarms ?? {});
  const row = (a: string): string => shortName(a, endpointSuffix);
  const period = fleets[0]?.periodMs ?? alarmMetrics[0]?.series.periodMs ?? 10_000;
  const phases = deploymentPhases(run).map((p) => {
    const share = p.label === "canary bake" ? shareDuring(run, fleets, p.start, p.end) : undefined;
    return share === undefined ? p : { ...p, note: `${Math.round(share * 100)} % to ${run.requested}` };
  });
  const firstFailure = run.traffic
    .filter((r) => !r.ok)
    .reduce<number | undefined>((m, r) => (m === undefined || r.sentAt < m ? r.sentAt : m), undefined);
  const firstAlarm = run.timeline.find((o) => Object.values(o.alarms).includes("ALARM"));
  const moments: Moment[] = [updateMoment(run)];
  if (firstFailure !== undefined) moments.push({ label: "first failed request", at: firstFailure, color: "#b71c1c" });
  if (firstAlarm) moments.push({ label: "alarm in ALARM", at: firstAlarm.t, color: "#e53935" });
  const { shapes, annotations } = phaseDecorations(phases, moments);
  const grid = fleets[0];
  return {
    data: [
      ...stateBands(run, alarms, row),
      ...(alarmMetrics.length > 0 ? [breachingPoints(alarmMetrics, row)] : []),
      ...fleets.map((f) => ({
        type: "bar",
        name: `answered by ${f.label}`,
        marker: { color: f.label === run.requested ? "#ff9800" : f.label === run.previous ? "#1e88e5" : "#90a4ae" },
        // Each bar spans its period: it starts at the period's start and is one period wide.
        x: f.values.map((_, i) => plotTime(f.start + i * f.periodMs)),
        y: f.values.map((v) => v ?? 0),
        offset: 0,
        width: f.values.map(() => f.periodMs),
        yaxis: "y2",
      })),
      ...(grid ? [failuresPerPeriod(run, grid)] : []),
    ],
    layout: {
      title: text(`Deployment ${run.previous ?? "?"} → ${run.requested}: ${run.outcome}`),
      height: 620,
      barmode: "stack",
      xaxis: {
        type: "date",
        range: [plotTime(run.startedAt - period), plotTime(run.finishedAt + period)],
        title: text("time (UTC)"),
        anchor: "y2",
        automargin: true,
      },
      yaxis: {
        domain: [0.6, 0.92],
        type: "category",
        categoryorder: "array",
        categoryarray: alarms.map(row).reverse(),
        title: text("rollback alarms"),
        automargin: true,
      },
      yaxis2: {
        domain: [0, 0.5],
        title: text(`requests per ${period / 1000} s`),
        rangemode: "tozero",
        automargin: true,
      },
      legend: { orientation: "h", y: -0.18 },
      shapes,
      annotations,
    },
  };
}
