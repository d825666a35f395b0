import { figureHtml, type Figure } from "./charts/figure";
import { tableHtml, type TableSource } from "./table";

type Showable = Figure | TableSource | { html: string };

function isFigure(x: Showable): x is Figure {
  return "data" in x && Array.isArray(x.data);
}

function isTable(x: Showable): x is TableSource {
  return "columns" in x && "values" in x;
}

/** The HTML a notebook output shows for a chart, a DataFrame or ready HTML. */
export function toHtml(x: Showable): string {
  if (isFigure(x)) return figureHtml(x);
  if (isTable(x)) return tableHtml(x);
  return x.html;
}

/**
 * Shows a chart, a DataFrame or HTML as a rich output of the current cell.
 * tslab sends one MIME type per display, so everything goes out as text/html.
 */
export function show(x: Showable): void {
  // Loaded lazily: tslab is only importable inside a running tslab kernel's process tree.
  const { display } = require("tslab") as typeof import("tslab");
  display.html(toHtml(x));
}
