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
import { parseArgs } from "node:util";
import { LOCAL_EMULATOR } from "../aws/clients";
import { settings } from "../aws/settings";
import { readImageCommandsFile, startEmulator } from "../emulator";
import { executeNotebook, exportHtml, jupyterProblem, PROJECT_ROOT } from "./jupyter";

interface Options {
  notebook: string;
  outDir: string;
  timeoutSeconds: number;
}

function optionsOf(args: string[]): Options {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: "string" }, timeout: { type: "string" } },
  });
  const timeoutSeconds = Number(values.timeout ?? 1800);
  if (!(timeoutSeconds > 0))
    throw new Error(`--timeout ${values.timeout}: give the seconds a cell may run, e.g. 1800.`);
  if (positionals.length > 1) throw new Error(`One notebook at a time: ${positionals.join(", ")}.`);
  return {
    notebook: positionals[0] ? resolve(positionals[0]) : join(PROJECT_ROOT, "notebooks", "guardrails.ipynb"),
    outDir: values.out !== undefined ? resolve(values.out) : join(PROJECT_ROOT, "reports"),
    timeoutSeconds,
  };
}

/** The emulator the kernel will use: the one named, or one of this run's own (stopped, its fresh state removed, at the end). */
async function emulatorForRun(): Promise<{ stop(): Promise<void> }> {
  const { target = "local", emulatorUrl, stateDir: given, containersFile, timeScale } = settings();
  if (target !== "local") return { stop: async () => {} };
  if (emulatorUrl) {
    console.log(`Emulator: connecting to ${emulatorUrl} (GUARDRAILS_EMULATOR_URL).`);
    return { stop: async () => {} };
  }
  const ownState = given === undefined;
  const stateDir = given ?? mkdtempSync(join(tmpdir(), "guardrails-run-state-"));
  const emulator = await startEmulator({
    port: 0,
    stateDir,
    credentials: [LOCAL_EMULATOR.credentials],
    provisioningDelayMs: LOCAL_EMULATOR.provisioningDelayMs,
    imageCommands: containersFile === undefined ? undefined : readImageCommandsFile(containersFile),
    timeScale,
  });
  process.env.GUARDRAILS_EMULATOR_URL = emulator.url;
  console.log(
    `Emulator: started this run's own at ${emulator.url} (state in ${stateDir}${ownState ? ", removed afterwards" : ""}` +
      `${timeScale !== undefined && timeScale !== 1 ? `; emulator clock ×${timeScale}` : ""}).`,
  );
  return {
    async stop() {
      await emulator.stop();
      if (ownState) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<number> {
  const options = optionsOf(process.argv.slice(2));
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
