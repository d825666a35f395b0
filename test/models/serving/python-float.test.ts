import { float32Repr, pythonFloat } from "../../../src/models/serving/python-float";

describe("pythonFloat (Python's repr of a float)", () => {
  it.each([
    [2, "2.0"],
    [-3, "-3.0"],
    [0, "0.0"],
    [-0, "-0.0"],
    [0.5, "0.5"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.5e-10, "1.5e-10"],
    [123456.789, "123456.789"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e+16"],
    [1.2345678901234568e17, "1.2345678901234568e+17"],
    [Math.fround(0.1), "0.10000000149011612"],
    [Math.fround(1e-10), "1.000000013351432e-10"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
  ])("%s → %s", (x, text) => {
    expect(pythonFloat(x)).toBe(text);
  });
});

describe("float32Repr (numpy's str of a float32)", () => {
  it.each([
    [Math.fround(0.1), "0.1"],
    [Math.fround(1 / 3), "0.33333334"],
    [3, "3.0"],
    [Math.fround(1e-10), "1e-10"],
    [Math.fround(2.5e-5), "2.5e-05"],
    [Math.fround(16777217), "16777216.0"],
  ])("%s → %s", (x, text) => {
    expect(float32Repr(x)).toBe(text);
  });
});
