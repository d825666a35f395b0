import { readFileSync } from "node:fs";

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name: string } };
}

export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

const joined = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

/** Every text/html output of a notebook, in order. */
export function htmlOutputs(nb: Notebook): string[] {
  return nb.cells.flatMap((c) => c.outputs ?? []).flatMap((o) => (o.data?.["text/html"] ? [joined(o.data["text/html"])] : []));
}

/** Everything printed to stdout (tslab prints a cell's last expression there). */
export function stdoutText(nb: Notebook): string {
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => joined(o.text))
    .join("");
}
