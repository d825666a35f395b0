/**
 * The emulator's one random source: every random decision (which variant and fleet answer a
 * request, whether it is copied to a shadow variant, whether it is captured) draws from an
 * injectable `Random`, so tests can seed it.
 */
import { Prng } from "../models/prng";

/** Uniform in [0, 1), like Math.random. */
export type Random = () => number;

/** A reproducible Random for tests (the project's mulberry32 generator). */
export function seededRandom(seed: number): Random {
  const prng = new Prng(seed);
  return () => prng.next();
}

/** True with the given probability; 1 and 0 are certain without consuming a draw. */
export function draw(random: Random, probability: number): boolean {
  if (probability >= 1) return true;
  if (probability <= 0) return false;
  return random() < probability;
}
