/**
 * The two random decisions of a shadow endpoint, each a draw from an injectable source so tests
 * can seed it:
 * - whether a production request is copied to the shadow variant, with probability
 *   shadow weight / production weight, capped at 1 (AWS documents no formula for the weight of a
 *   shadow variant; this is the inferred reading: weight 1 against 1 copies every request, 0.25
 *   against 1 copies a quarter of them);
 * - whether a request is captured, with probability InitialSamplingPercentage / 100.
 */
import { Prng } from "../../models/prng";

/** Uniform in [0, 1), like Math.random. */
export type Random = () => number;

/** A reproducible Random for tests (the project's mulberry32 generator). */
export function seededRandom(seed: number): Random {
  const prng = new Prng(seed);
  return () => prng.next();
}

export function shadowCopyProbability(productionWeight: number, shadowWeight: number): number {
  // A production variant of weight 0 takes no traffic, so there is nothing to copy.
  if (!(productionWeight > 0) || !(shadowWeight > 0)) return 0;
  return Math.min(1, shadowWeight / productionWeight);
}

/** True with the given probability; 1 and 0 are certain without consuming a draw. */
export function draw(random: Random, probability: number): boolean {
  if (probability >= 1) return true;
  if (probability <= 0) return false;
  return random() < probability;
}
