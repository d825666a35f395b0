import { CsvRowError, parseCsvRows } from "../../../src/models/serving/csv-rows";

const exact = { columns: 3, allowFewer: false, allowMissing: false };

describe("parseCsvRows", () => {
  it("reads LF and CRLF rows into a float32 matrix, skipping blank lines and a BOM", () => {
    const m = parseCsvRows("\uFEFF1,2,3\r\n\n-0.5, 2e-3 ,+4\n", exact);
    expect(m.rows).toBe(2);
    expect(Array.from(m.values)).toEqual([1, 2, 3, -0.5, Math.fround(0.002), 4]);
  });

  it("reports a row with the wrong number of columns by line number", () => {
    expect(() => parseCsvRows("1,2,3\n1,2\n", exact)).toThrow(
      new CsvRowError({ kind: "columns", line: 2, found: 2, expected: 3 }),
    );
  });

  it.each(["abc", "", "0x10", "1_000", "nan", "Infinity", "1e39"])("refuses the field %j", (field) => {
    const f = () => parseCsvRows(`1,2,${field}`, exact);
    expect(f).toThrow(CsvRowError);
  });

  it("treats empty fields and absent trailing columns as missing when allowed", () => {
    const m = parseCsvRows("1,,3\n4\n", { columns: 3, allowFewer: true, allowMissing: true });
    expect(Array.from(m.values)).toEqual([1, NaN, 3, 4, NaN, NaN]);
  });
});
