/**
 * Confusion matrices side by side, each row normalised to the share of its
 * true class, on one shared colour scale, with the counts written in. A
 * variant without a single prediction gets a sentence instead of zeros.
 */
import { text, type Figure } from "./figure";

export interface ConfusionPanel {
  /** e.g. "production v1-2 (AllTraffic)". */
  name: string;
  /** confusion[true][predicted]. */
  confusion: readonly (readonly number[])[];
  requests: number;
  predictions: number;
}

const GAP = 0.08;

export function confusionMatrices(title: string, labels: readonly string[], panels: readonly ConfusionPanel[]): Figure {
  const width = (1 - GAP * (panels.length - 1)) / panels.length;
  const axes: Record<string, unknown> = {};
  const annotations: unknown[] = [];
  const data: Array<Record<string, unknown>> = [];
  panels.forEach((p, i) => {
    const n = i === 0 ? "" : String(i + 1);
    const left = i * (width + GAP);
    const domain = [left, left + width];
    const center = left + width / 2;
    const empty = p.predictions === 0;
    axes[`xaxis${n}`] = { domain, title: text("predicted"), visible: !empty, anchor: `y${n}`, automargin: true };
    axes[`yaxis${n}`] = {
      title: text(i === 0 ? "true" : ""),
      autorange: "reversed",
      visible: !empty,
      anchor: `x${n}`,
      automargin: true,
    };
    annotations.push({ text: `<b>${p.name}</b>`, x: center, y: 1.08, xref: "paper", yref: "paper", showarrow: false });
    if (empty) {
      annotations.push({
        text: `no predictions: ${p.requests - p.predictions} of ${p.requests} requests failed`,
        x: center,
        y: 0.5,
        xref: "paper",
        yref: "paper",
        showarrow: false,
        font: { size: 14, color: "#b71c1c" },
      });
      return;
    }
    const shares = p.confusion.map((row) => {
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((v) => (total === 0 ? null : v / total));
    });
    data.push({
      type: "heatmap",
      x: labels,
      y: labels,
      z: shares,
      coloraxis: "coloraxis",
      text: p.confusion.map((row, r) =>
        row.map((v, c) => `${v}<br>${shares[r]?.[c] === null ? "–" : `${Math.round((shares[r]?.[c] ?? 0) * 100)} %`}`),
      ),
      texttemplate: "%{text}",
      hovertemplate: "true %{y}, predicted %{x}: %{text}<extra></extra>",
      xaxis: `x${n}`,
      yaxis: `y${n}`,
    });
  });
  return {
    data,
    layout: {
      title: text(title),
      height: 440,
      margin: { t: 100 },
      // plotly.js's "Blues" runs dark to light: reversed, a bigger share is a darker blue.
      coloraxis: {
        cmin: 0,
        cmax: 1,
        colorscale: "Blues",
        reversescale: true,
        colorbar: { title: text("share of the true class"), tickformat: ".0%" },
      },
      annotations,
      ...axes,
    },
  };
}
