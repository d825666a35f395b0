import { draw, seededRandom, shadowCopyProbability } from "../../../src/emulator/capture/sampling";

describe("shadow copy probability", () => {
  it("is shadow weight / production weight, capped at 1", () => {
    expect(shadowCopyProbability(1, 1)).toBe(1);
    expect(shadowCopyProbability(1, 0.25)).toBe(0.25);
    expect(shadowCopyProbability(2, 1)).toBe(0.5);
    expect(shadowCopyProbability(1, 3)).toBe(1);
  });

  it("is 0 when either weight is 0", () => {
    expect(shadowCopyProbability(0, 1)).toBe(0);
    expect(shadowCopyProbability(1, 0)).toBe(0);
  });
});

describe("draws", () => {
  it("are certain at 1 and impossible at 0", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      expect(draw(random, 1)).toBe(true);
      expect(draw(random, 0)).toBe(false);
    }
  });

  it("repeat exactly for the same seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const seq = (r: () => number) => Array.from({ length: 50 }, () => draw(r, 0.3));
    expect(seq(a)).toEqual(seq(b));
  });
});
