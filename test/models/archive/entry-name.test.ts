import { safeEntryName } from "../../../src/models/archive/entry-name";

describe("safeEntryName", () => {
  it.each([
    ["model_algo-1", "model_algo-1"],
    ["./model_algo-1", "model_algo-1"],
    ["code/./inference.py", "code/inference.py"],
    ["dir/", null],
    ["./", null],
  ])("accepts %s as %s", (raw, canonical) => {
    expect(safeEntryName(raw, "a.tar")).toBe(canonical);
  });

  it.each([
    ["", /empty name/],
    ["..", /'\.\.'/],
    ["a/../../b", /'\.\.'/],
    ["/abs", /absolute path/],
    ["C:/windows", /drive letter/],
    ["a\\..\\b", /backslash/],
    ["a\u0000b", /NUL/],
  ])("rejects %j", (raw, why) => {
    expect(() => safeEntryName(raw, "a.tar")).toThrow(why);
  });
});
