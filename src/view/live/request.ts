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

export function showRequest(operation: string, input: object): void {
  const text = requestText(operation, input);
  if (!inKernel()) {
    log(text);
    return;
  }
  const { display } = require("tslab") as typeof import("tslab");
  display.html(`<pre class="guardrails-request">${escapeHtml(text)}</pre>`);
}
