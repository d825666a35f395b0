/** A section of the suite's summary and how it prints (no vitest import: the global teardown uses it too). */
export type Figures = Record<string, number | string>;

export interface Section {
  /** Order in the final summary, then the title. */
  order: number;
  title: string;
  figures: Figures;
}

export function formatSection(section: Section): string {
  const width = Math.max(...Object.keys(section.figures).map((k) => k.length));
  const lines = Object.entries(section.figures).map(
    ([k, v]) => `  ${k.padEnd(width)}  ${typeof v === "number" ? v.toLocaleString("en-US") : v}`,
  );
  return [section.title, ...lines].join("\n");
}
