/**
 * A shadow test's charts over plain data: production and shadow per period (invocations, latency,
 * errors), the prediction quality of both, and the quality as published for every shadow config.
 * A shadow that answered every request with an error has no latency of predictions nor any
 * accuracy: its latency is marked as error answers and its quality reads "n/a".
 */
import { text, type Figure } from "./figure";
import { timeSeriesChart, type Aggregate, type PeriodSeries, type TimeWindow } from "./time-series";

/** The two variants' series of one metric. */
export interface VariantPair {
  production: PeriodSeries | undefined;
  shadow: PeriodSeries | undefined;
}

export interface OverlayOptions {
  title: string;
  yTitle: string;
  aggregate: Aggregate;
  window: TimeWindow;
  /** The shadow answered no request with a prediction: its values are of error answers. */
  shadowOnlyErrors?: boolean;
  /** The clock its times are on where it is not real time. */
  clock?: string;
}

const total = (s: PeriodSeries): number => s.values.reduce<number>((n, v) => n + (v ?? 0), 0);

/**
 * One metric of production and shadow on one time axis: production wide and pale, the shadow dashed over
 * it, so both show where they are equal (a shadow gets a copy of every request); counts carry their total.
 */
export function variantOverlay(pair: VariantPair, o: OverlayOptions): Figure {
  const shadowLabel = o.shadowOnlyErrors ? "shadow – error answers only" : "shadow";
  const named = (s: PeriodSeries, label: string): PeriodSeries => ({
    ...s,
    label: o.aggregate === "sum" ? `${label} (${total(s)} in all)` : label,
  });
  const fig = timeSeriesChart({
    title: o.title,
    yTitle: o.yTitle,
    aggregate: o.aggregate,
    series: [
      ...(pair.production ? [named(pair.production, "production")] : []),
      ...(pair.shadow ? [named(pair.shadow, shadowLabel)] : []),
    ],
    window: o.window,
    clock: o.clock,
  });
  const [production, shadow] = [fig.data[0], fig.data[1]];
  if (production && pair.production) production.line = { shape: "hv", width: 6, color: "rgba(31,119,180,0.45)" };
  if (shadow && pair.shadow)
    shadow.line = { shape: "hv", width: 2, dash: "dash", color: o.shadowOnlyErrors ? "#c62828" : "#ff7f0e" };
  if (o.shadowOnlyErrors) {
    fig.layout = {
      ...fig.layout,
      annotations: [
        ...((fig.layout?.annotations as unknown[] | undefined) ?? []),
        {
          text: "every shadow request failed: its latency is the time to answer with an error, not to predict",
          xref: "paper",
          yref: "paper",
          x: 0,
          y: 1.02,
          xanchor: "left",
          yanchor: "bottom",
          showarrow: false,
          font: { size: 11, color: "#c62828" },
        },
      ],
    };
  }
  return fig;
}

/** A shadow run's quality as the chart needs it. */
export interface QualityFigures {
  configName: string;
  requests: number;
  productionAccuracy: number;
  /** undefined when the shadow predicted nothing. */
  shadowAccuracy: number | undefined;
  agreement: number | undefined;
  shadowErrorRate: number;
}

const QUALITY_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

/** Production accuracy, shadow accuracy, agreement and the shadow's error rate; n/a where there is none. */
export function qualityChart(q: QualityFigures): Figure {
  const na = `n/a – all ${q.requests} requests failed`;
  const bars = [
    ["production accuracy", q.productionAccuracy],
    ["shadow accuracy", q.shadowAccuracy],
    ["agreement", q.agreement],
    ["shadow error rate", q.shadowErrorRate],
  ] as const;
  return {
    data: [
      {
        type: "bar",
        x: bars.map(([name]) => name),
        y: bars.map(([, v]) => v ?? 0),
        marker: { color: QUALITY_COLORS },
        text: bars.map(([, v]) => (v === undefined ? na : v.toFixed(3))),
        textposition: "outside",
        cliponaxis: false,
        hovertemplate: "%{x}: %{text}<extra></extra>",
      },
    ],
    layout: {
      title: text(`Prediction quality – ${q.configName}`),
      yaxis: { title: text("share of requests"), range: [0, 1.12] },
    },
  };
}

/** The quality metrics of every shadow config as published, grouped by config. */
export function publishedQualityBars(
  title: string,
  configs: readonly string[],
  measures: ReadonlyArray<{ label: string; values: ReadonlyArray<number | undefined> }>,
): Figure {
  return {
    data: measures.map((m) => ({
      type: "bar",
      name: m.label,
      x: configs,
      y: m.values.map((v) => v ?? 0),
      text: m.values.map((v) => (v === undefined ? "n/a" : v.toFixed(2))),
      textposition: "outside",
      cliponaxis: false,
    })),
    layout: {
      title: text(title),
      barmode: "group",
      yaxis: { title: text("share of requests"), range: [0, 1.12] },
    },
  };
}
