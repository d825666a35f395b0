/**
 * `npm start`: runs the project's notebook headless with the project kernel
 * and writes the executed notebook and the offline HTML report to reports/.
 *
 * usage: node dist/report/run-notebook.js [notebook.ipynb] [--out reports] [--timeout seconds]
 */
import { mkdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { executeNotebook, exportHtml, jupyterProblem, PROJECT_ROOT } from "./jupyter";

interface Options {
  notebook: string;
  outDir: string;
  timeoutSeconds: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    notebook: join(PROJECT_ROOT, "notebooks", "guardrails.ipynb"),
    outDir: join(PROJECT_ROOT, "reports"),
    timeoutSeconds: 1800,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--out") options.outDir = resolve(argv[++i] ?? "");
    else if (arg === "--timeout") options.timeoutSeconds = Number(argv[++i]);
    else options.notebook = resolve(arg);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const problem = jupyterProblem();
  if (problem) {
    console.error(problem);
    return 2;
  }
  mkdirSync(options.outDir, { recursive: true });
  const executed = join(options.outDir, basename(options.notebook));
  const started = Date.now();
  console.log(`Running ${options.notebook} …`);
  const run = await executeNotebook(options.notebook, executed, options.timeoutSeconds, (t) => process.stderr.write(t));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.code !== 0) {
    console.error(`The notebook failed after ${seconds} s; the partial run is in ${executed}`);
    return 1;
  }
  const exported = await exportHtml(executed, options.outDir);
  if (exported.code !== 0) {
    console.error(exported.output);
    return 1;
  }
  console.log(`Executed notebook: ${executed}`);
  console.log(`Report:            ${executed.replace(/\.ipynb$/, ".html")}`);
  console.log(`Ran in ${seconds} s.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
