import { randomUUID } from "node:crypto";
import { escapeHtml, scriptJson } from "./html-escape";
import { plotlyLoaderOnce } from "./plotly-bundle";

/** A Plotly figure as plotly.js takes it. Traces stay loosely typed: plotly.js validates them. */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

const CONFIG = { responsive: true, displaylogo: false };

/** A title as plotly.js ≥ 3 takes it (plain strings are ignored there). */
export const text = (t: string): { text: string } => ({ text: t });

/**
 * HTML that renders `figure` once plotly.js is loaded: a container div plus a
 * script that polls for window.Plotly (the bundle may arrive in an earlier
 * output, or later in the same one) and draws the chart.
 */
export function figureHtml(figure: Figure): string {
  const id = `plot-${randomUUID()}`;
  const height = typeof figure.layout?.height === "number" ? figure.layout.height : 380;
  const title = (figure.layout?.title as { text?: string } | undefined)?.text ?? "chart";
  return (
    plotlyLoaderOnce() +
    `<div id="${id}" class="guardrails-chart" aria-label="${escapeHtml(title)}" style="width:100%;height:${height}px"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var figure = ${scriptJson({ ...figure, layout: { height, ...figure.layout } })};\n` +
    `  function draw(tries) {\n` +
    `    var el = document.getElementById(${scriptJson(id)});\n` +
    `    if (window.Plotly && el) { window.Plotly.newPlot(el, figure.data, figure.layout, ${scriptJson(CONFIG)}); }\n` +
    `    else if (tries < 600) { setTimeout(function () { draw(tries + 1); }, 50); }\n` +
    `  }\n` +
    `  draw(0);\n` +
    `})();</script>`
  );
}
