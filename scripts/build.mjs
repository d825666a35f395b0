// The build: TypeScript (incremental), the minified plotly.js bundle that the
// classic Notebook serves to chart outputs as an nbextension, and the same bundle
// as the <script> the HTML report template includes once. Used by `npm run build`,
// by `npm install` and by the project's kernel.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

/** Where the report template finds its include (the exporters get this folder as an extra template path). */
export const TEMPLATE_INCLUDES = join(root, "dist", "vendor");
/**
 * The classic Notebook's extra nbextensions folder (`npm run notebook`'s config):
 * it serves `guardrails-plotly/plotly.min.js` here at `nbextensions/`, whatever the server's root.
 */
export const NBEXTENSIONS = join(root, "dist", "nbextensions");

export function buildPlotlyBundle() {
  const source = require.resolve("plotly.js-dist/plotly.js");
  const target = join(NBEXTENSIONS, "guardrails-plotly", "plotly.min.js");
  const include = join(TEMPLATE_INCLUDES, "guardrails-plotly.j2");
  const fresh = (file) => existsSync(file) && statSync(file).mtimeMs >= statSync(source).mtimeMs;
  if (fresh(include) && fresh(target)) return;
  const { transformSync } = require("esbuild");
  const { code } = transformSync(readFileSync(source, "utf8"), { minify: true, legalComments: "none" });
  mkdirSync(dirname(target), { recursive: true });
  mkdirSync(TEMPLATE_INCLUDES, { recursive: true });
  writeFileSync(target, code);
  // Jinja must copy the bundle verbatim, and the HTML parser must not see it close its <script>.
  if (code.includes("{% endraw %}"))
    throw new Error("plotly.js contains `{% endraw %}`: it cannot be wrapped for Jinja");
  const script = code.replace(/<\/script/gi, "<\\/script");
  writeFileSync(include, `{% raw %}<script type="text/javascript">\n${script}\n</script>{% endraw %}\n`);
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
