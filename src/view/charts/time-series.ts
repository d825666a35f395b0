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
  /** What kind of phase (launch, shift, bake, final bake, rollback, terminate, alarm wait): sets its shade. */
  kind?: string;
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

/**
 * Shading per kind of phase: oranges for traffic steps and their bakes, light blue for the final bake, red for
 * a rollback, pink for the wait for an alarm, greys for the rest.
 */
const PHASE_COLORS: Record<string, string> = {
  "alarm wait": "#f8bbd0",
  launch: "#b0bec5",
  shift: "#ffb74d",
  bake: "#ffe0b2",
  "final bake": "#bbdefb",
  rollback: "#e57373",
  terminate: "#cfd8dc",
};

/** Plot-area width a label's room is judged against (px; a notebook output is about this wide or wider). */
const ASSUMED_PLOT_WIDTH = 780;
const LABEL_FONT = 10;
/** Average width of a character of the 10 px label font, generously (px). */
const CHAR_WIDTH = 6.2;
const ROW_HEIGHT = 15;

interface Label {
  at: number;
  text: string;
  color: string;
}

/**
 * Labels above the plot, left-aligned at their moment or phase start, each in the lowest row where it
 * overlaps no other: no label hides another, whatever the phases' lengths.
 */
function labelRows(labels: readonly Label[], span: TimeWindow): { annotations: unknown[]; rows: number } {
  const pxPerMs = ASSUMED_PLOT_WIDTH / Math.max(1, span.end - span.start);
  const rowEnds: number[] = [];
  const annotations = [...labels]
    .sort((a, b) => a.at - b.at)
    .map((l) => {
      const x0 = (l.at - span.start) * pxPerMs;
      const x1 = x0 + l.text.length * CHAR_WIDTH + 6;
      let row = rowEnds.findIndex((end) => end <= x0);
      if (row < 0) row = rowEnds.push(x1) - 1;
      else rowEnds[row] = x1;
      return {
        x: plotTime(l.at),
        y: 1,
        xref: "x",
        yref: "paper",
        yshift: 3 + row * ROW_HEIGHT,
        text: l.text,
        xanchor: "left",
        yanchor: "bottom",
        showarrow: false,
        font: { size: LABEL_FONT, color: l.color },
        bgcolor: "rgba(255,255,255,0.9)",
      };
    });
  return { annotations, rows: rowEnds.length };
}

export interface Decorations {
  shapes: unknown[];
  annotations: unknown[];
  /** Top margin (px) that holds the title and the label rows. */
  marginTop: number;
}

/**
 * Shaded phases and marked moments over the whole plot height, their labels in rows above the plot
 * (phases in dark grey, moments in their line's colour): none overlaps another or sits on a bar.
 */
export function phaseDecorations(phases: readonly Phase[], moments: readonly Moment[], span: TimeWindow): Decorations {
  const { annotations, rows } = labelRows(
    [
      ...phases.map((p) => ({
        at: p.start,
        text: p.note ? `${p.label} · ${p.note}` : p.label,
        color: "#37474f",
      })),
      ...moments.map((m) => ({ at: m.at, text: `┆ ${m.label}`, color: m.color ?? "#263238" })),
    ],
    span,
  );
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
        fillcolor: PHASE_COLORS[p.kind ?? p.label] ?? "#e0e0e0",
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
        line: { dash: "dash", width: 1.5, color: m.color ?? "#263238" },
      })),
    ],
    annotations,
    marginTop: 56 + rows * ROW_HEIGHT,
  };
}

/** A title at the top of the figure, above any label rows. */
export const topTitle = (title: string): Record<string, unknown> => ({
  text: title,
  x: 0.02,
  xanchor: "left",
  yref: "container",
  y: 0.99,
  yanchor: "top",
});

export interface TimeSeriesChart {
  title: string;
  yTitle: string;
  aggregate: Aggregate;
  series: readonly PeriodSeries[];
  window: TimeWindow;
  phases?: readonly Phase[];
  moments?: readonly Moment[];
  /** The clock times are on where it is not real time, e.g. "emulator clock ×30". */
  clock?: string;
}

/** The time axis' title: UTC, and the clock when it is not real time. */
export const timeAxisTitle = (clock?: string): string => (clock ? `time (UTC, ${clock})` : "time (UTC)");

/** One metric (or one metric of several variants) over the window of the work it describes. */
export function timeSeriesChart(c: TimeSeriesChart): Figure {
  const { shapes, annotations, marginTop } = phaseDecorations(c.phases ?? [], c.moments ?? [], c.window);
  return {
    data: c.series.map((s) => seriesTrace(s, c.aggregate)),
    layout: {
      title: topTitle(c.title),
      height: 330 + marginTop,
      margin: { t: marginTop },
      xaxis: {
        type: "date",
        range: [plotTime(c.window.start), plotTime(c.window.end)],
        title: text(timeAxisTitle(c.clock)),
        automargin: true,
      },
      yaxis: { title: text(c.yTitle), rangemode: "tozero", automargin: true },
      showlegend: c.series.length > 1,
      shapes,
      annotations,
    },
  };
}
