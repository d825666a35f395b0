import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports";

const run = promisify(execFile);
export const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "report", "run-notebook.js");

export interface NotebookRun {
  outDir: string;
  stdout: string;
}

/**
 * Runs a notebook through `npm start`'s runner (real nbclient, real tslab
 * kernel) with its own emulator port and state dir, so runs never share state.
 */
export async function runNotebook(notebook: string, env: { stateDir?: string; port?: number } = {}): Promise<NotebookRun> {
  const outDir = mkdtempSync(join(tmpdir(), "guardrails-run-"));
  const { stdout } = await run(process.execPath, [CLI, notebook, "--out", outDir], {
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      GUARDRAILS_TARGET: "local",
      GUARDRAILS_EMULATOR_PORT: String(env.port ?? (await freePort())),
      GUARDRAILS_STATE_DIR: env.stateDir ?? mkdtempSync(join(tmpdir(), "guardrails-state-")),
    },
  });
  return { outDir, stdout };
}
