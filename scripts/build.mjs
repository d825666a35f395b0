// The build: TypeScript (incremental) and the minified plotly.js bundle that
// notebooks embed once. Used by `npm run build` and by the project's kernel.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

function buildPlotlyBundle() {
  const source = require.resolve("plotly.js-dist/plotly.js");
  const target = join(root, "dist", "vendor", "plotly.min.js");
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) return;
  const { transformSync } = require("esbuild");
  const { code } = transformSync(readFileSync(source, "utf8"), { minify: true, legalComments: "none" });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, code);
}

/** Returns the compiler's output when it fails, or "" on success. */
export function build() {
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(root, "tsconfig.json")], {
    cwd: root,
    encoding: "utf8",
  });
  buildPlotlyBundle();
  return tsc.status === 0 ? "" : `${tsc.stdout}${tsc.stderr}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const errors = build();
  if (errors) {
    process.stderr.write(errors);
    process.exit(1);
  }
}
