import { Prng } from "../../src/models/prng";

describe("Prng", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (rng) => () =>
            rng.next()
        )(new Prng(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it("draws within the requested ranges", () => {
    const rng = new Prng(1);
    for (let i = 0; i < 2000; i++) {
      const u = rng.uniform(-2, 3);
      const l = rng.logUniform(0.001, 0.2);
      const n = rng.integer(32, 256);
      expect(u >= -2 && u < 3).toBe(true);
      expect(l >= 0.001 && l < 0.2).toBe(true);
      expect(Number.isInteger(n) && n >= 32 && n <= 256).toBe(true);
    }
  });

  it("reaches both ends of an integer range", () => {
    const rng = new Prng(7);
    const seen = new Set(Array.from({ length: 200 }, () => rng.integer(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it("shuffles into a permutation", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Prng(3).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
