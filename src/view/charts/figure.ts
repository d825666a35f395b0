import { randomUUID } from "node:crypto";
import { drawChart } from "./draw-in-browser";
import { escapeHtml, scriptJson } from "../html";
import { bundleLocations } from "./plotly-bundle";

/** A Plotly figure as plotly.js takes it. Traces stay loosely typed: plotly.js validates them. */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

const CONFIG = { responsive: true, displaylogo: false };

/** A title as plotly.js ≥ 3 takes it (plain strings are ignored there). */
export const text = (t: string): { text: string } => ({ text: t });

/** Shown until the chart draws: it stays only where the output's script never ran. */
const NOT_RUN =
  "is not drawn: this page did not run the chart's script. In Jupyter, trust the notebook " +
  "(JupyterLab: command palette → Trust Notebook; classic Notebook: File → Trust Notebook) and reopen it.";

/**
 * HTML that draws `figure` by itself: a container with a visible placeholder
 * and a script that draws it, loading plotly.js from the Jupyter server when
 * the page has none. No output carries plotly.js itself, so every chart draws
 * wherever it is shown, and the notebook stays small.
 */
export function figureHtml(figure: Figure): string {
  const id = `plot-${randomUUID()}`;
  const height = typeof figure.layout?.height === "number" ? figure.layout.height : 380;
  const title = (figure.layout?.title as { text?: string } | undefined)?.text ?? "chart";
  const full = { ...figure, layout: { height, ...figure.layout } };
  return (
    `<div id="${id}" class="guardrails-chart" aria-label="${escapeHtml(title)}" style="width:100%;height:${height}px">` +
    `Chart “${escapeHtml(title)}” ${NOT_RUN}</div>\n` +
    `<script type="text/javascript">(${drawChart.toString()})(${scriptJson(id)}, ${scriptJson(full)}, ${scriptJson(CONFIG)}, ${scriptJson(bundleLocations())});</script>`
  );
}
