import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the build puts the minified plotly.js (see scripts/build.mjs); the same from src/ and dist/. */
export const PLOTLY_BUNDLE_PATH = join(__dirname, "..", "..", "dist", "vendor", "plotly.min.js");

let emitted = false;

/**
 * The <script> that defines window.Plotly, returned on the first call in a
 * kernel session and "" afterwards: a notebook carries one copy of the
 * 4.6 MB bundle however many charts it shows. Charts wait for window.Plotly,
 * so it does not matter which output cell the bundle lands in.
 */
export function plotlyLoaderOnce(): string {
  if (emitted) return "";
  const bundle = readFileSync(PLOTLY_BUNDLE_PATH, "utf8").replace(/<\/script/gi, "<\\/script");
  emitted = true;
  return `<script type="text/javascript">if (!window.Plotly) {\n${bundle}\n}</script>`;
}
