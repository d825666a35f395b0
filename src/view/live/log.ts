/**
 * Step logging for notebook cells. In the project's kernel a live line is one
 * display entry updated in place (tslab newDisplay); anywhere else (tests,
 * scripts) only its final text is printed, and nothing when GUARDRAILS_QUIET=1.
 */
import { escapeHtml } from "../html";

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

/** How often a live line is redrawn at most: every redraw is a message to the notebook. */
const REDRAW_MS = 200;

export function liveLine(): LiveLine {
  if (!inKernel()) return { update: () => {}, done: log };
  const { newDisplay } = require("tslab") as typeof import("tslab");
  const display = newDisplay();
  const render = (text: string): void => display.html(`<pre class="guardrails-live">${escapeHtml(text)}</pre>`);
  let latest: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastDraw = 0;
  const draw = (): void => {
    timer = undefined;
    lastDraw = Date.now();
    if (latest !== undefined) render(latest);
  };
  return {
    update(text) {
      latest = text;
      timer ??= setTimeout(draw, Math.max(0, lastDraw + REDRAW_MS - Date.now()));
    },
    done(text) {
      clearTimeout(timer);
      latest = text;
      draw();
    },
  };
}

/** A one-off log line. */
export function log(text: string): void {
  if (process.env.GUARDRAILS_QUIET !== "1") console.log(text);
}
