/**
 * Per-period metric series as Plotly traces on a time axis that fits the
 * work: each period's value as a step spanning it – sums 0 where nothing
 * happened, averages with gaps where there was no datapoint – and
 * deployment phases shaded behind them.
 */
import { text, type Figure } from "./figure";

/** Values per period: values[i] covers [start + i·periodMs, start + (i+1)·periodMs); null where there was no datapoint. */
export interface PeriodSeries {
  label: string;
  start: number;
  periodMs: number;
  values: ReadonlyArray<number | null>;
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** A stretch of time to shade, e.g. a deployment phase. */
export interface Phase {
  label: string;
  start: number;
  end: number;
  /** Shown after the label, e.g. the canary's share of the traffic. */
  note?: string;
}

/** A moment to mark with a line, e.g. the UpdateEndpoint call. */
export interface Moment {
  label: string;
  at: number;
  color?: string;
}

export type Aggregate = "sum" | "average";

/** Plotly's date strings: UTC without a zone suffix (plotly.js shows times as given). */
export const plotTime = (ms: number): string => new Date(ms).toISOString().replace("Z", "");

export function seriesTrace(s: PeriodSeries, aggregate: Aggregate, name = s.label): Record<string, unknown> {
  const at = (i: number): string => plotTime(s.start + i * s.periodMs);
  // A period's value holds for the whole period: steps, with one more point at the end of each run of values.
  const x: Array<string | null> = [];
  const y: Array<number | null> = [];
  const values = aggregate === "sum" ? s.values.map((v) => v ?? 0) : s.values;
  values.forEach((v, i) => {
    if (v === null) return;
    x.push(at(i));
    y.push(v);
    if (values[i + 1] === null || i === values.length - 1) {
      x.push(at(i + 1), null);
      y.push(v, null);
    }
  });
  return { type: "scatter", mode: "lines", line: { shape: "hv" }, connectgaps: false, name, x, y };
}

const PHASE_COLORS: Record<string, string> = {
  launch: "#b0bec5",
  "canary shift": "#ffb74d",
  "canary bake": "#ffe0b2",
  "full shift": "#64b5f6",
  "final bake": "#bbdefb",
  rollback: "#e57373",
  terminate: "#cfd8dc",
};

/** Shaded phases and marked moments over the whole plot height: phases labelled at the top, moments at the bottom. */
export function phaseDecorations(
  phases: readonly Phase[],
  moments: readonly Moment[],
): { shapes: unknown[]; annotations: unknown[] } {
  const label = (x: number, t: string, color: string, top: boolean): unknown => ({
    x: plotTime(x),
    y: top ? 1 : 0,
    xref: "x",
    yref: "paper",
    text: t,
    textangle: -90,
    xanchor: top ? "left" : "right",
    yanchor: top ? "top" : "bottom",
    showarrow: false,
    font: { size: 10, color },
  });
  return {
    shapes: [
      ...phases.map((p) => ({
        type: "rect",
        xref: "x",
        yref: "paper",
        x0: plotTime(p.start),
        x1: plotTime(p.end),
        y0: 0,
        y1: 1,
        fillcolor: PHASE_COLORS[p.label] ?? "#e0e0e0",
        opacity: 0.35,
        line: { width: 0 },
        layer: "below",
      })),
      ...moments.map((m) => ({
        type: "line",
        xref: "x",
        yref: "paper",
        x0: plotTime(m.at),
        x1: plotTime(m.at),
        y0: 0,
        y1: 1,
        line: { dash: "dash", width: 1.5, color: m.color ?? "#37474f" },
      })),
    ],
    annotations: [
      ...phases.map((p) => label(p.start, p.note ? `${p.label} · ${p.note}` : p.label, "#455a64", true)),
      ...moments.map((m) => label(m.at, m.label, m.color ?? "#37474f", false)),
    ],
  };
}

export interface TimeSeriesChart {
  title: string;
  yTitle: string;
  aggregate: Aggregate;
  series: readonly PeriodSeries[];
  window: TimeWindow;
  phases?: readonly Phase[];
  moments?: readonly Moment[];
}

/** One metric (or one metric of several variants) over the window of the work it describes. */
export function timeSeriesChart(c: TimeSeriesChart): Figure {
  const { shapes, annotations } = phaseDecorations(c.phases ?? [], c.moments ?? []);
  return {
    data: c.series.map((s) => seriesTrace(s, c.aggregate)),
    layout: {
      title: text(c.title),
      xaxis: {
        type: "date",
        range: [plotTime(c.window.start), plotTime(c.window.end)],
        title: text("time (UTC)"),
        automargin: true,
      },
      yaxis: { title: text(c.yTitle), rangemode: "tozero", automargin: true },
      showlegend: c.series.length > 1,
      shapes,
      annotations,
    },
  };
}
