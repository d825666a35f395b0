import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** Where the build puts the minified plotly.js (see scripts/build.mjs); the same from src/ and dist/. */
export const PLOTLY_BUNDLE_PATH = join(__dirname, "..", "..", "..", "dist", "vendor", "plotly.min.js");

const BUNDLE_IN_CHECKOUT = join("dist", "vendor", "plotly.min.js");

/** The bundle beside the dist/ the notebook imports: the nearest one from the kernel's folder (the notebook's) upwards. */
function bundleFromNotebook(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, BUNDLE_IN_CHECKOUT))) return relative(process.cwd(), join(dir, BUNDLE_IN_CHECKOUT));
    if (dirname(dir) === dir) return relative(process.cwd(), PLOTLY_BUNDLE_PATH);
  }
}

/**
 * Where a chart in the browser may fetch plotly.js from, as paths for the
 * Jupyter server's `files/` route: relative to the notebook's folder (the
 * kernel runs in it, so this holds wherever under the checkout the server was
 * started), and relative to the server's root for `npm run lab`, which serves the checkout.
 */
export function bundleLocations(): { fromNotebook: string; fromRoot: string } {
  const posix = (p: string): string => p.split(sep).join("/");
  return { fromNotebook: posix(bundleFromNotebook()), fromRoot: posix(BUNDLE_IN_CHECKOUT) };
}
