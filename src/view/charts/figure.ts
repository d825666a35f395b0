import { randomUUID } from "node:crypto";
import { drawChart } from "./draw-in-browser";
import { escapeHtml, scriptJson } from "../html";
import { CLASSIC_NOTEBOOK_MODULE } from "./plotly-bundle";

/** A Plotly figure as plotly.js takes it. Traces stay loosely typed: plotly.js validates them. */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

/** The MIME type of a Plotly figure, as plotly.py's renderers emit it and JupyterLab's plotly extension and VS Code draw it. */
export const PLOTLY_MIME_TYPE = "application/vnd.plotly.v1+json";

const CONFIG = { responsive: true, displaylogo: false };

/** A title as plotly.js ≥ 3 takes it (plain strings are ignored there). */
export const text = (t: string): { text: string } => ({ text: t });

/** The figure's title, or "chart". */
export function figureTitle(figure: Figure): string {
  return (figure.layout?.title as { text?: string } | undefined)?.text ?? "chart";
}

/** The figure as drawn: its layout's height fixed (380 px unless it sets one), and the config every chart shares. */
function complete(figure: Figure): { data: Figure["data"]; layout: Record<string, unknown>; config: typeof CONFIG } {
  const height = typeof figure.layout?.height === "number" ? figure.layout.height : 380;
  return { data: figure.data, layout: { height, ...figure.layout }, config: CONFIG };
}

/** Shown until the chart draws: it stays only where the output's script never ran. */
const NOT_RUN =
  "is not drawn: this page did not run the chart's script. Trust the notebook " +
  "(classic Notebook: File → Trust Notebook) and reopen it.";

/**
 * The chart as HTML: a container with a visible placeholder and a script that
 * draws it (see drawChart). No output carries plotly.js itself, so the notebook
 * stays small; the report defines it once in its head.
 */
export function figureHtml(figure: Figure): string {
  const id = `plot-${randomUUID()}`;
  const { data, layout, config } = complete(figure);
  const title = figureTitle(figure);
  return (
    `<div id="${id}" class="guardrails-chart" aria-label="${escapeHtml(title)}" style="width:100%;height:${String(layout.height)}px">` +
    `Chart “${escapeHtml(title)}” ${NOT_RUN}</div>\n` +
    `<script type="text/javascript">(${drawChart.toString()})(${scriptJson(id)}, ${scriptJson({ data, layout })}, ${scriptJson(config)}, ${scriptJson(CLASSIC_NOTEBOOK_MODULE)});</script>`
  );
}

/**
 * A chart output's MIME bundle, as plotly.py's `plotly_mimetype+notebook`
 * renderer makes it: the figure itself ({data, layout, config}) for the
 * frontends that draw Plotly natively, the HTML for the classic Notebook and
 * nbconvert, and the title as plain text for anything else.
 */
export function figureBundle(figure: Figure): Record<string, unknown> {
  return {
    [PLOTLY_MIME_TYPE]: complete(figure),
    "text/html": figureHtml(figure),
    "text/plain": `Chart: ${figureTitle(figure)}`,
  };
}
