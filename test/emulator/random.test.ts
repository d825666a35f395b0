import { draw, seededRandom } from "../../src/emulator/random";

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
