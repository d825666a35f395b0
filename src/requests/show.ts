/**
 * Shows the request a cell is about to send – the operation and its input as
 * JSON – so the report carries exactly what went to AWS. Byte bodies are
 * shown by size.
 */
import { escapeHtml } from "../charts/html-escape";
import { inKernel, log } from "../log";

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value && typeof value === "object" && (value as { type?: string }).type === "Buffer" && Array.isArray((value as { data?: unknown }).data)) {
    return `<${(value as { data: unknown[] }).data.length} bytes>`;
  }
  return value;
}

/** The request as the notebook prints it: `Operation` then the input as indented JSON. */
export function requestText(operation: string, input: object): string {
  return `${operation}\n${JSON.stringify(input, replacer, 2)}`;
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
