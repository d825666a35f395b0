/**
 * Parses a `text/csv` inference payload (no header, no label) into a
 * row-major float32 matrix. Rows are separated by LF or CRLF; blank lines are
 * skipped; a leading byte-order mark is ignored. Fields must be plain decimal
 * numbers (`-1.5`, `2`, `3e-4`, surrounding blanks allowed) within float32
 * range; an empty field is a missing value only when the caller allows it
 * (XGBoost), and is then NaN.
 *
 * Problems are reported as `CsvRowError` with the 1-based line number, so each
 * container can word its own message. The parser makes one pass over the text
 * without splitting it into line and field arrays: payload parsing dominates
 * the cost of an invocation.
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

const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;

export function parseCsvRows(text: string, options: CsvOptions): FloatMatrix {
  const width = options.columns;
  let lineCount = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineCount++;
  const values = new Float32Array(lineCount * width);
  let rows = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; pos <= text.length; line++) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const next = end + 1;
    if (end > pos && text.charCodeAt(end - 1) === RETURN) end--;
    if (!isBlank(text, pos, end)) {
      const base = rows * width;
      let column = 0;
      let start = pos;
      for (let i = pos; i <= end; i++) {
        if (i < end && text.charCodeAt(i) !== COMMA) continue;
        if (column === width) {
          throw new CsvRowError({ kind: "columns", line, found: countFields(text, pos, end), expected: width });
        }
        values[base + column] = fieldValue(text, start, i, line, column, options.allowMissing);
        column++;
        start = i + 1;
      }
      if (column < width) {
        if (!options.allowFewer) throw new CsvRowError({ kind: "columns", line, found: column, expected: width });
        values.fill(NaN, base + column, base + width);
      }
      rows++;
    }
    pos = next;
  }
  return { rows, columns: width, values: values.subarray(0, rows * width) };
}

/** The number in text[start, end), NaN for a blank field when allowed. */
function fieldValue(
  text: string,
  start: number,
  end: number,
  line: number,
  column: number,
  allowMissing: boolean,
): number {
  // Only digits, sign, point, exponent and blanks: rules out hex, "Infinity", "nan", "1_000", quotes.
  let digits = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else if (c !== 46 && c !== 101 && c !== 69 && c !== 43 && c !== 45 && c !== 32 && c !== 9) return bad();
  }
  if (!digits) return allowMissing && isBlank(text, start, end) ? NaN : bad();
  const value = Number(text.slice(start, end));
  return Number.isFinite(Math.fround(value)) ? value : bad();

  function bad(): never {
    throw new CsvRowError({ kind: "value", line, column: column + 1, text: text.slice(start, end) });
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== RETURN && c !== NEWLINE) return false;
  }
  return true;
}

function countFields(text: string, start: number, end: number): number {
  let count = 1;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === COMMA) count++;
  return count;
}
