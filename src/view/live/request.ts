/**
 * Shows the request a cell is about to send – the operation and its input as
 * JSON – so the report carries exactly what went to AWS. Byte bodies are
 * shown by size.
 */
import { escapeHtml } from "../html";
import { inKernel, log } from "./log";

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (
    value &&
    typeof value === "object" &&
    (value as { type?: string }).type === "Buffer" &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    return `<${(value as { data: unknown[] }).data.length} bytes>`;
  }
  return value;
}

const WIDTH = 100;

/** One line, spaced as a person writes it: `{ "Type": "CANARY", "Value": 1 }`. */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length === 0
      ? "{}"
      : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(replacer(k, v))}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}

/** JSON that keeps an object or list on one line when it fits, so a request reads like the cell that built it. */
function compactJson(value: unknown, indent = "", lead = indent.length): string {
  const flat = oneLine(value);
  if (lead + flat.length <= WIDTH || value === null || typeof value !== "object") return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries
    .map(([k, v]) => {
      const key = `${inner}${JSON.stringify(k)}: `;
      return key + compactJson(replacer(k, v), inner, key.length);
    })
    .join(",\n")}\n${indent}}`;
}

/** The request as the notebook prints it: `Operation` then the input as JSON, compact where it fits. */
export function requestText(operation: string, input: object): string {
  return `${operation}\n${compactJson(replacer("", input))}`;
}

/** Every leaf member of a request by its path (`ProductionVariants[0].ModelName`), as shown. */
function leaves(value: unknown, path = ""): Array<[string, string]> {
  const shown = replacer("", value);
  if (shown !== null && typeof shown === "object") {
    const entries = Array.isArray(shown)
      ? shown.map((v, i) => [`${path}[${i}]`, v] as const)
      : Object.entries(shown as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
    return entries.flatMap(([p, v]) => leaves(v, p));
  }
  return [[path, oneLine(shown)]];
}

/**
 * A further request of a loop in one line: the operation and the members whose values differ from the
 * first request of the loop, shown above in full.
 */
export function requestLine(operation: string, first: object, input: object): string {
  const before = new Map(leaves(first));
  const now = leaves(input);
  const changed = now.filter(([path, v]) => before.get(path) !== v);
  const dropped = [...before.keys()].filter((path) => !now.some(([p]) => p === path));
  const parts = [...changed.map(([path, v]) => `${path}: ${v}`), ...dropped.map((path) => `${path}: (none)`)];
  return `${operation} ${parts.length > 0 ? parts.join(", ") : "(the same)"} – otherwise as the first above`;
}

/** The cell running now: tslab hands each execution its own display writer. */
function currentCell(): unknown {
  return (require("tslab/dist/jupyter.js") as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
}

/** The first request of each operation shown in the running cell. */
let shown: { cell: unknown; first: Map<string, object> } | undefined;

/**
 * Shows a request under the cell that sends it: the first of each operation in a cell in full, each
 * further one (a loop's) in one line naming what differs.
 */
export function showRequest(operation: string, input: object): void {
  if (!inKernel()) {
    log(requestText(operation, input));
    return;
  }
  const cell = currentCell();
  const inCell = shown?.cell === cell && shown ? shown : (shown = { cell, first: new Map<string, object>() });
  const first = inCell.first.get(operation);
  if (first === undefined) inCell.first.set(operation, input);
  const text = first === undefined ? requestText(operation, input) : requestLine(operation, first, input);
  const { display } = require("tslab") as typeof import("tslab");
  display.html(`<pre class="guardrails-request">${escapeHtml(text)}</pre>`);
}
