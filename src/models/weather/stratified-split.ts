import { Prng } from "../prng";

export interface SplitIndices {
  train: number[];
  validation: number[];
  test: number[];
}

export interface SplitFractions {
  /** Share of every class that goes to the test split. */
  test: number;
  /** Share of what remains that is carved off for validation. */
  validation: number;
}

/**
 * Stratified, seeded three-way split: within each class the rows are shuffled,
 * the first `test` share (rounded) goes to test, then the `validation` share of
 * the rest to validation, the remainder to train. Each split is then shuffled
 * as a whole, so files mix the classes (linear-learner expects shuffled data).
 */
export function stratifiedSplit(labels: ArrayLike<number>, fractions: SplitFractions, seed: number): SplitIndices {
  const rng = new Prng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    byClass.set(label, [...(byClass.get(label) ?? []), i]);
  }
  const out: SplitIndices = { train: [], validation: [], test: [] };
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(label)!);
    const test = Math.round(rows.length * fractions.test);
    const validation = Math.round((rows.length - test) * fractions.validation);
    out.test.push(...rows.slice(0, test));
    out.validation.push(...rows.slice(test, test + validation));
    out.train.push(...rows.slice(test + validation));
  }
  rng.shuffle(out.train);
  rng.shuffle(out.validation);
  rng.shuffle(out.test);
  return out;
}
