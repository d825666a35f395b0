import { broadcast, reduce, type Tensor } from "../../../src/models/linear-learner/tensor";

const t = (shape: number[], values: number[]): Tensor => ({ shape, data: Float32Array.from(values) });

describe("broadcast", () => {
  it("aligns shapes on the right like numpy", () => {
    const out = broadcast(t([2, 3], [1, 2, 3, 4, 5, 6]), t([3], [10, 20, 30]), (a, b) => a + b);
    expect(out).toEqual(t([2, 3], [11, 22, 33, 14, 25, 36]));
  });

  it("expands size-1 axes on both sides", () => {
    const out = broadcast(t([2, 1], [1, 2]), t([1, 3], [10, 20, 30]), (a, b) => b - a);
    expect(out).toEqual(t([2, 3], [9, 19, 29, 8, 18, 28]));
  });

  it("refuses incompatible shapes", () => {
    expect(() => broadcast(t([2, 3], [0, 0, 0, 0, 0, 0]), t([2], [0, 0]), Math.max)).toThrow(
      /\(2, 3\) and \(2,\) cannot be broadcast/,
    );
  });
});

describe("reduce", () => {
  const x = t([2, 3], [1, 5, 3, 4, 2, 6]);
  const sum = (acc: number, v: number) => acc + v;

  it("reduces one axis, with and without keepdims", () => {
    expect(reduce(x, [1], false, -Infinity, Math.max)).toEqual(t([2], [5, 6]));
    expect(reduce(x, [1], true, 0, sum)).toEqual(t([2, 1], [9, 12]));
    expect(reduce(x, [0], false, 0, sum)).toEqual(t([3], [5, 7, 9]));
    expect(reduce(x, [-1], false, Infinity, Math.min)).toEqual(t([2], [1, 2]));
  });

  it("reduces every axis when none is given", () => {
    expect(reduce(x, null, false, 0, sum, (acc, n) => acc / n)).toEqual(t([], [3.5]));
  });
});
