/**
 * Step logging for notebook cells. In the project's kernel a live line is one
 * display entry updated in place (tslab newDisplay); anywhere else (tests,
 * scripts) only its final text is printed, and nothing when GUARDRAILS_QUIET=1.
 */
import { escapeHtml } from "./charts/html-escape";

/** True inside the project's tslab kernel (its kernelspec sets this variable). */
export function inKernel(): boolean {
  return process.env.GUARDRAILS_PROJECT_ROOT !== undefined;
}

export interface LiveLine {
  /** Replaces the line's text. */
  update(text: string): void;
  /** Writes the final text and stops updating. */
  done(text: string): void;
}

export function liveLine(): LiveLine {
  if (!inKernel()) return { update: () => {}, done: log };
  const { newDisplay } = require("tslab") as typeof import("tslab");
  const display = newDisplay();
  const render = (text: string): void => display.html(`<pre class="guardrails-live">${escapeHtml(text)}</pre>`);
  return { update: render, done: render };
}

/** A one-off log line. */
export function log(text: string): void {
  if (process.env.GUARDRAILS_QUIET !== "1") console.log(text);
}
