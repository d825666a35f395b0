import { join, relative, sep } from "node:path";

/** Where the build puts the minified plotly.js (see scripts/build.mjs); the same from src/ and dist/. */
export const PLOTLY_BUNDLE_PATH = join(__dirname, "..", "..", "dist", "vendor", "plotly.min.js");

/**
 * Where a chart in the browser may fetch plotly.js from, as paths for the
 * Jupyter server's `files/` route: relative to the notebook's folder (the
 * kernel runs in it, so this holds wherever the server was started), and
 * relative to the server's root for `npm run lab`, which serves the checkout.
 */
export function bundleLocations(): { fromNotebook: string; fromRoot: string } {
  const posix = (p: string): string => p.split(sep).join("/");
  return {
    fromNotebook: posix(relative(process.cwd(), PLOTLY_BUNDLE_PATH)),
    fromRoot: posix(relative(join(__dirname, "..", ".."), PLOTLY_BUNDLE_PATH)),
  };
}
