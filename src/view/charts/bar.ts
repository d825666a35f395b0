import { text, type Figure } from "./figure";

export interface BarChart {
  title: string;
  /** Categories, drawn in this order. */
  x: readonly string[];
  y: readonly number[];
  xTitle?: string;
  yTitle: string;
  colors?: readonly string[];
  /** Written on each bar (default: none). */
  labels?: readonly string[];
  yRange?: [number, number];
}

/** One bar per category, optionally coloured and labelled one by one. */
export function barChart(c: BarChart): Figure {
  return {
    data: [
      {
        type: "bar",
        x: c.x,
        y: c.y,
        marker: c.colors ? { color: c.colors } : { color: "#1f77b4" },
        ...(c.labels ? { text: c.labels, textposition: "auto" } : {}),
      },
    ],
    layout: {
      title: text(c.title),
      xaxis: { type: "category", ...(c.xTitle ? { title: text(c.xTitle) } : {}) },
      yaxis: { title: text(c.yTitle), ...(c.yRange ? { range: c.yRange } : { rangemode: "tozero" }) },
    },
  };
}
