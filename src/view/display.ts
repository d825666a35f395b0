import { figureBundle, type Figure } from "./charts/figure";
import { tableHtml, type TableSource } from "./table";

type Showable = Figure | TableSource | { html: string };

function isFigure(x: Showable): x is Figure {
  return "data" in x && Array.isArray(x.data);
}

function isTable(x: Showable): x is TableSource {
  return "columns" in x && "values" in x;
}

/** The MIME bundle a notebook output shows for a chart, a DataFrame or ready HTML. */
export function toBundle(x: Showable): Record<string, unknown> {
  if (isFigure(x)) return figureBundle(x);
  return { "text/html": isTable(x) ? tableHtml(x) : x.html };
}

/** What tslab's display_data writer takes: a message's content. */
type WriteDisplayData = (content: { data: Record<string, unknown>; metadata: object; transient: object }) => void;

/**
 * Shows a chart, a DataFrame or HTML as a rich output of the current cell.
 * tslab's public `display` sends one MIME type per output (Display.raw takes one
 * content type), so a bundle goes to the display_data writer that Display.raw
 * itself calls: the one of the cell running now.
 */
export function show(x: Showable): void {
  // Loaded lazily: tslab is only importable inside a running tslab kernel's process tree.
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
  if (!jupyter.lastWriteDisplayData) throw new Error("show() needs a running tslab kernel cell");
  jupyter.lastWriteDisplayData({ data: toBundle(x), metadata: {}, transient: {} });
}
