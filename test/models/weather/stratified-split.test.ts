import { stratifiedSplit } from "../../../src/models/weather/stratified-split";

const labels = [...Array<number>(100).fill(0), ...Array<number>(30).fill(1), ...Array<number>(10).fill(2)];
const fractions = { test: 0.3, validation: 0.2 };

describe("stratifiedSplit", () => {
  const split = stratifiedSplit(labels, fractions, 5);

  it("puts every row in exactly one split", () => {
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
  });

  it("keeps the class proportions in every split", () => {
    const count = (rows: number[], label: number) => rows.filter((r) => labels[r] === label).length;
    expect([0, 1, 2].map((c) => count(split.test, c))).toEqual([30, 9, 3]);
    expect([0, 1, 2].map((c) => count(split.validation, c))).toEqual([14, 4, 1]);
    expect([0, 1, 2].map((c) => count(split.train, c))).toEqual([56, 17, 6]);
  });

  it("depends only on the seed", () => {
    expect(stratifiedSplit(labels, fractions, 5)).toEqual(split);
    expect(stratifiedSplit(labels, fractions, 6).test).not.toEqual(split.test);
  });

  it("mixes the classes within each split", () => {
    expect(split.train.slice(0, 20).some((r) => labels[r] !== 0)).toBe(true);
  });
});
