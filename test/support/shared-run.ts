/**
 * A notebook executed once per `vitest run` and read by every test file that checks only what
 * the run showed – outputs, the report, its charts, the requests shown. The first file to ask
 * runs it with npm start's runner (as runNotebook does) into the suite's shared folder, the
 * emulator's state kept beside it; the others, in their own processes, wait for that run and
 * read the same files.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";
import { ROOT, runNotebook, type NotebookRun } from "./run-notebook";

declare module "vitest" {
  export interface ProvidedContext {
    /** Made by test/support/suite/shared-runs-folder.mts. */
    sharedRunsFolder: string;
  }
}

export interface SharedRun extends NotebookRun {
  /** The emulator's state dir after the run (the runner keeps a state dir it is given). */
  stateDir: string;
}

type Outcome = { run: SharedRun } | { error: string };

/** The shared run of `notebooks/<name>`: the executed notebook and report are in `outDir`; leave them for the other readers. */
export async function sharedRun(name: "guardrails.ipynb" | "strategy-lab.ipynb"): Promise<SharedRun> {
  const notebook = join(ROOT, "notebooks", name);
  const folder = inject("sharedRunsFolder");
  if (!folder) throw new Error("No shared runs folder: run the tests with the project's vitest config.");
  const slot = join(folder, name);
  if (!claim(slot)) return awaitOutcome(join(slot, "outcome.json"));
  const stateDir = join(slot, "state");
  let outcome: Outcome;
  try {
    outcome = { run: { ...(await runNotebook(notebook, { outDir: join(slot, "out"), stateDir })), stateDir } };
  } catch (e) {
    outcome = { error: e instanceof Error ? e.message : String(e) };
  }
  // Written whole, then renamed: a reader never sees half of it.
  writeFileSync(join(slot, "outcome.json.partial"), JSON.stringify(outcome));
  renameSync(join(slot, "outcome.json.partial"), join(slot, "outcome.json"));
  return settle(outcome);
}

/** Whether this process is the one to run it (mkdir is atomic: one process creates the slot). */
function claim(slot: string): boolean {
  try {
    mkdirSync(slot);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

async function awaitOutcome(file: string): Promise<SharedRun> {
  for (;;) {
    try {
      return settle(JSON.parse(readFileSync(file, "utf8")) as Outcome);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    await sleep(1000);
  }
}

function settle(outcome: Outcome): SharedRun {
  if ("error" in outcome) throw new Error(`The shared run failed: ${outcome.error}`);
  return outcome.run;
}
