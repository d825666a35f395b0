import { escapeHtml } from "./html";

/** The part of a danfo DataFrame a table needs (kept structural so any frame-like value fits). */
export interface TableSource {
  columns: string[];
  index: Array<string | number>;
  values: unknown[][] | unknown[];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number")
    return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, "");
  if (typeof value === "string" || typeof value === "boolean" || value instanceof Date)
    return escapeHtml(String(value));
  return escapeHtml(JSON.stringify(value));
}

/** Text reads from the left, numbers from the right (Jupyter's table style right-aligns everything). */
const LEFT = ' style="text-align:left"';

/** An HTML table of a DataFrame; every header and value is escaped; text columns are left-aligned. */
export function tableHtml(frame: TableSource, caption?: string): string {
  const rows = frame.values.map((row) => (Array.isArray(row) ? (row as unknown[]) : [row]));
  const isText = frame.columns.map((_, j) =>
    rows.some((row) => row[j] !== null && row[j] !== undefined && typeof row[j] !== "number"),
  );
  const align = (j: number): string => (isText[j] ? LEFT : "");
  const head = `<tr><th></th>${frame.columns.map((c, j) => `<th${align(j)}>${escapeHtml(String(c))}</th>`).join("")}</tr>`;
  const body = rows
    .map(
      (row, i) =>
        `<tr><th>${cell(frame.index[i])}</th>${row.map((v, j) => `<td${align(j)}>${cell(v)}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  return `<table class="dataframe guardrails-table">${cap}<thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}
