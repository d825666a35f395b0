/**
 * Global setup of test/reliability/vitest.config.mts: hands the test files a directory for their
 * figures, and once every file has run prints the suite's summary from them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { formatSection, type Section } from "./sections.ts";

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "reliability-figures-"));
  project.provide("reliabilityFiguresDir", dir);
  return () => {
    const sections = readdirSync(dir)
      .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Section)
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
    rmSync(dir, { recursive: true, force: true });
    const rule = "=".repeat(72);
    // Everything the suite calls lost (unanswered requests, acknowledged objects gone…), added up.
    const lost = sections.flatMap((section) =>
      Object.entries(section.figures)
        .filter(([k, v]) => /lost/.test(k) && typeof v === "number")
        .map(([, v]) => v as number),
    );
    const total = `Lost across the suite: ${lost.reduce((a, b) => a + b, 0)} (${lost.length} figures)`;
    const body = sections.length
      ? `${sections.map(formatSection).join("\n\n")}\n\n${total}`
      : "(no figures: did the files run?)";
    process.stdout.write(`\n${rule}\nReliability and security suite: summary\n${rule}\n${body}\n${rule}\n`);
  };
}
