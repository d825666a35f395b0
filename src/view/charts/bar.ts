import { text, type Figure } from "./figure";

/** One bar per category, values written on the bars. */
export function barChart(
  title: string,
  x: readonly string[],
  y: readonly number[],
  yTitle: string,
  colors?: readonly string[],
): Figure {
  return {
    data: [
      {
        type: "bar",
        x,
        y,
        marker: colors ? { color: colors } : {},
        text: y.map((v) => v.toFixed(3)),
        textposition: "auto",
      },
    ],
    layout: { title: text(title), yaxis: { title: text(yTitle), rangemode: "tozero" } },
  };
}
