/**
 * `npm start`: runs the project's notebook headless with the project kernel
 * and writes the executed notebook and the offline HTML report to reports/.
 *
 * On the local target it never shares state with a notebook open elsewhere:
 * it starts its own emulator (a port the emulator binds itself, a fresh state
 * dir unless GUARDRAILS_STATE_DIR names one) and hands its URL to the kernel,
 * unless GUARDRAILS_EMULATOR_URL names an emulator to use instead.
 *
 * usage: node dist/report/run-notebook.js [notebook.ipynb] [--out reports] [--timeout seconds]
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { LOCAL_EMULATOR } from "../aws/clients";
import { startEmulator } from "../emulator";
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

/** The emulator the kernel will use: the one named, or one of this run's own (stopped, its fresh state removed, at the end). */
async function emulatorForRun(): Promise<{ stop(): Promise<void> }> {
  const given = process.env.GUARDRAILS_EMULATOR_URL;
  if ((process.env.GUARDRAILS_TARGET ?? "local") !== "local") return { stop: async () => {} };
  if (given) {
    console.log(`Emulator: connecting to ${given} (GUARDRAILS_EMULATOR_URL).`);
    return { stop: async () => {} };
  }
  const ownState = process.env.GUARDRAILS_STATE_DIR === undefined;
  const stateDir = process.env.GUARDRAILS_STATE_DIR ?? mkdtempSync(join(tmpdir(), "guardrails-run-state-"));
  const emulator = await startEmulator({
    port: 0,
    stateDir,
    credentials: [LOCAL_EMULATOR.credentials],
    provisioningDelayMs: LOCAL_EMULATOR.provisioningDelayMs,
  });
  process.env.GUARDRAILS_EMULATOR_URL = emulator.url;
  console.log(
    `Emulator: started this run's own at ${emulator.url} (state in ${stateDir}${ownState ? ", removed afterwards" : ""}).`,
  );
  return {
    async stop() {
      await emulator.stop();
      if (ownState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const problem = jupyterProblem();
  if (problem) {
    console.error(problem);
    return 2;
  }
  const emulator = await emulatorForRun();
  try {
    return await runAndExport(options);
  } finally {
    await emulator.stop();
  }
}

async function runAndExport(options: Options): Promise<number> {
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
