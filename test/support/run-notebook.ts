import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { jupyterPython } from "../../src/report/jupyter";
import type { Tool } from "./tools";

const run = promisify(execFile);
export const ROOT = join(__dirname, "..", "..");
/** What npm start's runner executes a notebook with. */
export const HEADLESS_JUPYTER: Tool = {
  name: "Jupyter's nbconvert and nbclient",
  install: "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client",
  present: () => jupyterPython() !== null,
};
const CLI = join(ROOT, "dist", "report", "run-notebook.js");

export interface NotebookRun {
  outDir: string;
  stdout: string;
  stderr: string;
}

/**
 * Runs a notebook through `npm start`'s runner (real nbclient, real tslab
 * kernel). The runner starts its own emulator on a port it binds itself, on a
 * fresh state dir unless `stateDir` names one, so runs never share state;
 * `extra: { GUARDRAILS_EMULATOR_URL }` hands it a test's own emulator instead.
 * It writes to `outDir`, or to a fresh folder.
 */
export async function runNotebook(
  notebook: string,
  env: { stateDir?: string; extra?: NodeJS.ProcessEnv; outDir?: string } = {},
): Promise<NotebookRun> {
  const outDir = env.outDir ?? mkdtempSync(join(tmpdir(), "guardrails-run-"));
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.GUARDRAILS_EMULATOR_URL;
  delete inherited.GUARDRAILS_STATE_DIR;
  const childEnv: NodeJS.ProcessEnv = { ...inherited, GUARDRAILS_TARGET: "local", ...env.extra };
  if (env.stateDir) childEnv.GUARDRAILS_STATE_DIR = env.stateDir;
  const { stdout, stderr } = await run(process.execPath, [CLI, notebook, "--out", outDir], {
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
    env: childEnv,
  });
  return { outDir, stdout, stderr };
}
