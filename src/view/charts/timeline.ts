/**
 * The deployment timeline: what a reader needs to follow a guarded
 * deployment without the text – the phases (shaded, labelled above the
 * plot), the moments that matter (the request sent, the first failed
 * request, the alarm, the old fleet taking all the traffic back), each
 * rollback alarm's state as a band with its breaching datapoints, and below,
 * the traffic each config's fleet answered per period with the requests that
 * failed, on the same periods.
 */
import type { Figure } from "./figure";
import { deploymentPhases, shortAlarmName, updateMoment, type DeploymentRecord, type Observed } from "./phases";
import { phaseDecorations, plotTime, timeAxisTitle, topTitle, type Moment, type PeriodSeries } from "./time-series";

export interface DeploymentRun extends DeploymentRecord {
  previous?: string;
  outcome: string;
  timeline: ReadonlyArray<Observed & { alarms: Readonly<Record<string, string>> }>;
  /** Every request sent during the deployment (a structural subset of traffic's RequestRecord). */
  traffic: ReadonlyArray<{ sentAt: number; ok: boolean }>;
  /** The clock its times are on where it is not real time, e.g. "emulator clock ×30". */
  clock?: string;
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
const NEW_FLEET = "#ff9800";
const OLD_FLEET = "#1e88e5";
const FAILED = "#7f0000";

/** Every poll of the alarms: the wait before the request, then the deployment. */
function alarmPolls(run: DeploymentRun): ReadonlyArray<{ t: number; alarms: Readonly<Record<string, string>> }> {
  const wait = (run.alarmWait?.timeline ?? []).map((o) => ({ t: o.t, alarms: o.alarms ?? {} }));
  return [...wait, ...run.timeline];
}

/** One trace per alarm state: thick segments on each alarm's row while it was in that state. */
function stateBands(run: DeploymentRun, alarms: readonly string[]): Array<Record<string, unknown>> {
  const polls = alarmPolls(run);
  const states = [...new Set(polls.flatMap((o) => alarms.map((a) => o.alarms[a] ?? "INSUFFICIENT_DATA")))];
  return states.map((state) => {
    const x: Array<string | null> = [];
    const y: Array<string | null> = [];
    for (const a of alarms) {
      polls.forEach((o, i) => {
        if ((o.alarms[a] ?? "INSUFFICIENT_DATA") !== state) return;
        x.push(plotTime(o.t), plotTime(polls[i + 1]?.t ?? run.finishedAt), null);
        y.push(shortAlarmName(a), shortAlarmName(a), null);
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

/**
 * Each breaching datapoint as a dark segment on its alarm's row over the part of its period the alarm
 * band covers (from the wait or the request to the verdict), its value and whole period in the hover.
 */
function breachingPoints(metrics: readonly AlarmMetric[], from: number, to: number): Record<string, unknown> {
  const x: Array<string | null> = [];
  const y: Array<string | null> = [];
  const text: Array<string | null> = [];
  for (const m of metrics) {
    m.series.values.forEach((v, i) => {
      const start = m.series.start + i * m.series.periodMs;
      const end = start + m.series.periodMs;
      if (v === null || v < m.threshold || end <= from || start >= to) return;
      const label = `${m.statistic} = ${v} ≥ ${m.threshold} (period ${plotTime(start).slice(11, 19)}–${plotTime(end).slice(11, 19)})`;
      x.push(plotTime(Math.max(start, from)), plotTime(Math.min(end, to)), null);
      y.push(shortAlarmName(m.name), shortAlarmName(m.name), null);
      text.push(label, label, null);
    });
  }
  return {
    type: "scatter",
    mode: "lines",
    name: "breaching datapoint (its alarm period)",
    x,
    y,
    text,
    hovertemplate: "%{text}<extra></extra>",
    line: { width: 5, color: FAILED },
    yaxis: "y",
  };
}

/**
 * Failed requests per period on the fleets' periods, drawn as steps spanning each period like the bars –
 * from the request on, as the new fleet's bars.
 */
function failuresPerPeriod(run: DeploymentRun, grid: PeriodSeries): Record<string, unknown> {
  const counts = grid.values.map(() => 0);
  for (const r of run.traffic) {
    const i = Math.floor((r.sentAt - grid.start) / grid.periodMs);
    if (!r.ok && i >= 0 && i < counts.length) counts[i] = (counts[i] ?? 0) + 1;
  }
  const x: string[] = [];
  const y: number[] = [];
  counts.forEach((c, i) => {
    const end = grid.start + (i + 1) * grid.periodMs;
    if (end <= run.startedAt) return;
    x.push(plotTime(Math.max(grid.start + i * grid.periodMs, run.startedAt)), plotTime(end));
    y.push(c, c);
  });
  return {
    type: "scatter",
    mode: "lines",
    name: "failed requests (client)",
    x,
    y,
    line: { color: FAILED, width: 2.5 },
    yaxis: "y2",
  };
}

/**
 * Each fleet's requests per period as bars, stacked by hand (old fleet below, new above) so that the
 * new fleet's bars start no earlier than the request: a period that began before it is drawn from the
 * request on.
 */
function fleetBars(run: DeploymentRun, fleets: readonly PeriodSeries[]): Array<Record<string, unknown>> {
  const ordered = [...fleets].sort((a, b) => Number(a.label === run.requested) - Number(b.label === run.requested));
  const below = new Map<number, number>();
  return ordered.map((f) => {
    const isNew = f.label === run.requested;
    const starts = f.values.map((_, i) => {
      const start = f.start + i * f.periodMs;
      return isNew ? Math.max(start, run.startedAt) : start;
    });
    const keep = f.values.map((v, i) => (v ?? 0) > 0 && (starts[i] ?? 0) < f.start + (i + 1) * f.periodMs);
    const idx = f.values.map((_, i) => i).filter((i) => keep[i]);
    const base = idx.map((i) => below.get(f.start + i * f.periodMs) ?? 0);
    idx.forEach((i) => {
      const t = f.start + i * f.periodMs;
      below.set(t, (below.get(t) ?? 0) + (f.values[i] ?? 0));
    });
    return {
      type: "bar",
      name: `answered by ${f.label}${isNew ? " (new fleet)" : f.label === run.previous ? " (old fleet)" : ""}`,
      marker: { color: isNew ? NEW_FLEET : f.label === run.previous ? OLD_FLEET : "#90a4ae" },
      x: idx.map((i) => plotTime(starts[i] ?? 0)),
      y: idx.map((i) => f.values[i] ?? 0),
      base,
      offset: 0,
      width: idx.map((i) => f.start + (i + 1) * f.periodMs - (starts[i] ?? 0)),
      yaxis: "y2",
      hovertemplate: `%{y} answered by ${f.label}<extra></extra>`,
    };
  });
}

/** The first poll after a rollback began at which the old fleet had all the traffic again. */
export function recoveredAt(run: DeploymentRecord): number | undefined {
  const rollback = run.timeline.findIndex((o) => o.status === "RollingBack");
  if (rollback < 0) return undefined;
  return run.timeline.slice(rollback).find((o) => (o.newFleetShare ?? 0) === 0)?.t;
}

/** The moments worth a line: the request, the first failed request, the first ALARM, the recovery. */
export function deploymentMoments(run: DeploymentRun): Moment[] {
  const firstFailure = run.traffic
    .filter((r) => !r.ok)
    .reduce<number | undefined>((m, r) => (m === undefined || r.sentAt < m ? r.sentAt : m), undefined);
  const firstAlarm = run.timeline.find((o) => Object.values(o.alarms).includes("ALARM"));
  const recovered = recoveredAt(run);
  const moments: Moment[] = [{ ...updateMoment(run), color: "#263238" }];
  if (firstFailure !== undefined) moments.push({ label: "first failed request", at: firstFailure, color: FAILED });
  if (firstAlarm) moments.push({ label: "alarm in ALARM", at: firstAlarm.t, color: "#c62828" });
  if (recovered !== undefined)
    moments.push({ label: "recovered: old fleet has all traffic", at: recovered, color: "#1565c0" });
  return moments;
}

export function timelineChart(
  run: DeploymentRun,
  fleets: readonly PeriodSeries[],
  alarmMetrics: readonly AlarmMetric[] = [],
): Figure {
  const alarms = Object.keys(run.timeline[0]?.alarms ?? {});
  const period = fleets[0]?.periodMs ?? alarmMetrics[0]?.series.periodMs ?? 10_000;
  const from = run.alarmWait?.startedAt ?? run.startedAt;
  const span = { start: from - period, end: run.finishedAt + period };
  const { shapes, annotations, marginTop } = phaseDecorations(deploymentPhases(run), deploymentMoments(run), span);
  const grid = fleets[0];
  const seconds = ((run.finishedAt - run.startedAt) / 1000).toFixed(1);
  return {
    data: [
      ...stateBands(run, alarms),
      ...(alarmMetrics.length > 0 ? [breachingPoints(alarmMetrics, from, run.finishedAt)] : []),
      ...fleetBars(run, fleets),
      ...(grid ? [failuresPerPeriod(run, grid)] : []),
    ],
    layout: {
      title: topTitle(
        `Deployment ${run.previous ?? "?"} → ${run.requested}: ${run.outcome} (${seconds} s from UpdateEndpoint${run.clock ? `, ${run.clock}` : ""})`,
      ),
      height: 600 + marginTop,
      margin: { t: marginTop },
      barmode: "overlay",
      xaxis: {
        type: "date",
        range: [plotTime(span.start), plotTime(span.end)],
        title: { text: timeAxisTitle(run.clock) },
        anchor: "y2",
        automargin: true,
      },
      yaxis: {
        domain: [0.62, 1],
        type: "category",
        categoryorder: "array",
        categoryarray: alarms.map(shortAlarmName).reverse(),
        title: { text: "rollback alarms" },
        automargin: true,
      },
      yaxis2: {
        domain: [0, 0.55],
        title: { text: `requests per ${period / 1000} s` },
        rangemode: "tozero",
        automargin: true,
      },
      legend: { orientation: "h", y: -0.14 },
      shapes,
      annotations,
    },
  };
}

/** In place of a timeline when nothing was deployed: the config already served. */
export function noDeploymentChart(endpoint: string, requested: string): Figure {
  return {
    data: [],
    layout: {
      title: topTitle(`No deployment: ${endpoint} already served ${requested}`),
      height: 160,
      xaxis: { visible: false },
      yaxis: { visible: false },
      annotations: [
        {
          text: "To watch this deployment again, update the endpoint back to version 1 first, then rerun this cell.",
          xref: "paper",
          yref: "paper",
          x: 0.5,
          y: 0.5,
          showarrow: false,
        },
      ],
    },
  };
}
