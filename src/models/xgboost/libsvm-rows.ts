/**
 * Parses a `text/libsvm` payload: one row per line, `[label] index:value …`
 * with zero-based feature indices. Features a row does not list are missing
 * (NaN), as in XGBoost's sparse input; a leading label is ignored.
 */
import type { FloatMatrix } from "../serving/csv-rows";

export class LibsvmRowError extends Error {
  constructor(
    readonly line: number,
    why: string,
  ) {
    super(`line ${line}: ${why}`);
    this.name = "LibsvmRowError";
  }
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function parseLibsvmRows(text: string, columns: number): FloatMatrix {
  const lines = text.split("\n");
  const values = new Float32Array(lines.length * columns).fill(NaN);
  let rows = 0;
  lines.forEach((raw, l) => {
    const tokens = raw
      .trim()
      .split(/\s+/)
      .filter((t) => t !== "");
    if (tokens.length === 0) return;
    const start = tokens[0]!.includes(":") ? 0 : 1;
    for (const token of tokens.slice(start)) {
      const [index = "", value = ""] = token.split(":");
      const i = Number(index);
      if (!/^\d+$/.test(index) || i >= columns)
        throw new LibsvmRowError(l + 1, `feature index ${JSON.stringify(index)} is not below ${columns}`);
      if (!NUMBER.test(value) || !Number.isFinite(Math.fround(Number(value)))) {
        throw new LibsvmRowError(l + 1, `${JSON.stringify(token)} is not index:number`);
      }
      values[rows * columns + i] = Number(value);
    }
    rows++;
  });
  return { rows, columns, values: values.subarray(0, rows * columns) };
}
