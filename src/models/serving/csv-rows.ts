/**
 * Parses a `text/csv` inference payload (no header, no label) into a
 * row-major float32 matrix. Rows are separated by LF or CRLF; blank lines are
 * skipped; a leading byte-order mark is ignored. Fields must be plain decimal
 * numbers (`-1.5`, `2`, `3e-4`) within float32 range; an empty field is a missing value only when
 * the caller allows it (XGBoost), and is then NaN.
 *
 * Problems are reported as `CsvRowError` with the 1-based line number, so each
 * container can word its own message.
 */
export interface FloatMatrix {
  rows: number;
  columns: number;
  values: Float32Array;
}

export type CsvProblem =
  | { kind: "columns"; line: number; found: number; expected: number }
  | { kind: "value"; line: number; column: number; text: string };

export class CsvRowError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(
      problem.kind === "columns"
        ? `line ${problem.line} has ${problem.found} columns, expected ${problem.expected}`
        : `line ${problem.line}, column ${problem.column}: ${JSON.stringify(problem.text)} is not a number`,
    );
    this.name = "CsvRowError";
  }
}

export interface CsvOptions {
  /** Exact column count, or the maximum when `allowFewer`. */
  columns: number;
  allowFewer: boolean;
  allowMissing: boolean;
}

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

export function parseCsvRows(text: string, options: CsvOptions): FloatMatrix {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split("\n");
  const width = options.columns;
  const values = new Float32Array(lines.length * width);
  let rows = 0;
  for (let l = 0; l < lines.length; l++) {
    let line = lines[l]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") continue;
    const fields = line.split(",");
    const tooMany = fields.length > width;
    if (tooMany || (fields.length < width && !options.allowFewer)) {
      throw new CsvRowError({ kind: "columns", line: l + 1, found: fields.length, expected: width });
    }
    const base = rows * width;
    for (let c = 0; c < width; c++) {
      const field = fields[c];
      if (field === undefined || (options.allowMissing && field.trim() === "")) {
        values[base + c] = NaN;
      } else if (NUMBER.test(field) && Number.isFinite(Math.fround(Number(field)))) {
        values[base + c] = Number(field);
      } else {
        throw new CsvRowError({ kind: "value", line: l + 1, column: c + 1, text: field });
      }
    }
    rows++;
  }
  return { rows, columns: width, values: values.subarray(0, rows * width) };
}
