import { readFileSync } from "node:fs";

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

export interface NotebookCell {
  cell_type: string;
  id?: string;
  metadata?: { tags?: string[] };
  source: string | string[];
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name: string } };
}

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

const joined = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

/** Every text/html output of a notebook, in order. */
export function htmlOutputs(nb: Notebook): string[] {
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .flatMap((o) => (o.data?.["text/html"] ? [joined(o.data["text/html"])] : []));
}

/** Everything printed to stdout (tslab prints a cell's last expression there). */
export function stdoutText(nb: Notebook): string {
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => joined(o.text))
    .join("");
}

/** The code cells carrying `tag` (Task cells are tagged task-0 … task-4 and alarms). */
export function cellsTagged(nb: Notebook, tag: string): NotebookCell[] {
  return nb.cells.filter((c) => c.cell_type === "code" && (c.metadata?.tags ?? []).includes(tag));
}

const ENTITIES: Record<string, string> = { "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/** Everything a cell showed as text: stdout, stderr, and its HTML outputs with tags removed and entities decoded. */
export function cellText(cell: NotebookCell): string {
  const html = (h: string): string =>
    h.replace(/<[^>]+>/g, " ").replace(/&(quot|#39|lt|gt|amp);/g, (e) => ENTITIES[e] ?? e);
  return (cell.outputs ?? [])
    .map((o) => (o.text !== undefined ? joined(o.text) : html(joined(o.data?.["text/html"]))))
    .join("\n");
}

/**
 * A notebook made of the given cells in order (for rerun scenarios), with
 * imports pointing at `distDir`. Write it inside the checkout: tslab resolves
 * the types the helpers use from the notebook's folder upwards.
 */
export function composeNotebook(base: Notebook, cells: NotebookCell[], distDir: string): Notebook {
  const fresh = cells.map((c, i) => ({
    ...c,
    id: `composed-${i}`,
    outputs: [],
    execution_count: null,
    source: joined(c.source).replace(/from "\.\.\/dist"/g, `from ${JSON.stringify(distDir)}`),
  }));
  return { ...base, cells: fresh };
}

/** The code cells of the tagged tasks in order, each task's cells once per mention, with `edit` applied to every source. */
export function cellsOf(nb: Notebook, tasks: string[], edit: (source: string) => string = (s) => s): NotebookCell[] {
  return tasks.flatMap((t) => cellsTagged(nb, t)).map((c) => ({ ...c, source: edit(joined(c.source)) }));
}

/** The source of the one cell carrying `tag`. */
export function sourceTagged(nb: Notebook, tag: string): string {
  const [cell, ...more] = nb.cells.filter((c) => (c.metadata?.tags ?? []).includes(tag));
  if (!cell || more.length > 0) throw new Error(`expected one cell tagged ${tag}`);
  return joined(cell.source);
}

const unescape = (s: string): string =>
  s
    .replace(/<[^>]+>/g, "")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();

/** The rows of the first HTML table whose header has `column`, as records by header. */
export function tableWith(nb: Notebook, column: string): Array<Record<string, string>> {
  const html = htmlOutputs(nb).find(
    (h) => h.includes("guardrails-table") && new RegExp(`<th[^>]*>${column.replace(/[()]/g, "\\$&")}</th>`).test(h),
  );
  if (!html) throw new Error(`no table with column ${column}`);
  const cells = (row: string, tag: string): string[] =>
    // Cells may carry attributes (text columns are left-aligned).
    [...row.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => unescape(m[1] ?? ""));
  const [head = "", ...rows] = html.split("</tr>").filter((r) => r.includes("<t"));
  const headers = cells(head, "th").slice(1);
  return rows.map((r) => Object.fromEntries(cells(r, "td").map((v, i) => [headers[i] ?? "", v])));
}
