import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { cellText, composeNotebook, readNotebook, type Notebook, type NotebookCell } from "./notebook";
import { ROOT, runNotebook } from "./run-notebook";

export const GUARDRAILS = readNotebook(join(ROOT, "notebooks", "guardrails.ipynb"));

/**
 * A folder inside the checkout (ignored .state/) for notebooks composed from
 * the main notebook's cells: the kernel resolves node_modules and the
 * helpers' types from the notebook's folder upwards.
 */
export function composedDir(): { dir: string; remove(): void } {
  mkdirSync(join(ROOT, ".state"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".state", "composed-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a notebook of `cells` (imports pointing at dist/) and returns its path. */
export function writeComposed(dir: string, name: string, cells: NotebookCell[]): string {
  const path = join(dir, `${name}.ipynb`);
  writeFileSync(path, JSON.stringify(composeNotebook(GUARDRAILS, cells, join(ROOT, "dist"))));
  return path;
}

export const outputText = (nb: Notebook): string => nb.cells.map(cellText).join("\n");

/** Runs a composed notebook headless and returns everything its cells showed. */
export async function executedText(path: string, stateDir?: string): Promise<string> {
  const run = await runNotebook(path, { stateDir });
  try {
    return outputText(readNotebook(join(run.outDir, basename(path))));
  } finally {
    rmSync(run.outDir, { recursive: true, force: true });
  }
}

/** The stderr of a run expected to fail ("" if it did not fail). */
export function failureOf(path: string): Promise<string> {
  return runNotebook(path).then(
    () => "",
    (e: { stderr?: string }) => e.stderr ?? "(no stderr)",
  );
}
