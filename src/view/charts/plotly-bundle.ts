import { join } from "node:path";

/** Where the build puts the minified plotly.js (see scripts/build.mjs); the same from src/ and dist/. */
export const PLOTLY_BUNDLE_PATH = join(
  __dirname,
  "..",
  "..",
  "..",
  "dist",
  "nbextensions",
  "guardrails-plotly",
  "plotly.min.js",
);

/**
 * The bundle as a module of the classic Notebook's require.js: `npm run notebook`
 * serves dist/nbextensions/ at the server's `nbextensions/` route (an extra
 * nbextensions path in its config), which does not depend on the server's root.
 */
export const CLASSIC_NOTEBOOK_MODULE = "nbextensions/guardrails-plotly/plotly.min";
