/**
 * The suite's figures: each test file reports its counts (cases tried, requests sent, outcomes,
 * faults injected and recovered, and what was lost). A file prints its own figures when it ends;
 * under test/reliability/vitest.config.mts the global teardown (global-summary.mts) also prints
 * them all together once every file has run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { formatSection, type Section } from "./sections";

declare module "vitest" {
  export interface ProvidedContext {
    /** Directory where each file leaves its figures for the final summary (absent under other configs). */
    reliabilityFiguresDir?: string;
  }
}

export type { Figures, Section } from "./sections";

/** Prints the section now and leaves it for the final summary. */
export function report(section: Section): void {
  console.log(`\n${formatSection(section)}\n`);
  const dir = inject("reliabilityFiguresDir");
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${section.order}-${section.title.replace(/[^a-z0-9]+/gi, "-")}.json`),
    JSON.stringify(section),
  );
}
