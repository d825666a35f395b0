/**
 * Global setup of the main suite: the folder where each notebook shared by several test files is
 * executed once per `vitest run` (test/support/shared-run.ts), removed when the run ends. It only
 * makes the folder: a notebook runs when the first file that reads it asks for it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

export default function sharedRunsFolder(project: TestProject): () => void {
  const folder = mkdtempSync(join(tmpdir(), "guardrails-shared-runs-"));
  project.provide("sharedRunsFolder", folder);
  return () => rmSync(folder, { recursive: true, force: true });
}
