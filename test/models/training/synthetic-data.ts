/** Small synthetic data sets with known structure, for trainer tests. */
import { Prng } from "../../../src/models/prng";
import type { LabeledMatrix } from "../../../src/models/weather/weather-dataset";

export function matrix(rows: number[][], labels: number[]): LabeledMatrix {
  return {
    rows: rows.length,
    columns: rows[0]!.length,
    features: Float64Array.from(rows.flat()),
    labels: Float64Array.from(labels),
  };
}

/** Three Gaussian blobs in 2-D around (-3, 0), (3, 0) and (0, 4); column 3 is noise. */
export function blobs(n: number, seed: number): LabeledMatrix {
  const rng = new Prng(seed);
  const centres = [
    [-3, 0],
    [3, 0],
    [0, 4],
  ] as const;
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    rows.push([centres[c]![0] + rng.uniform(-1, 1), centres[c]![1] + rng.uniform(-1, 1), rng.uniform(-1, 1)]);
    labels.push(c);
  }
  return matrix(rows, labels);
}

/** y = 2·x0 − x1 + 0.5 exactly. */
export function plane(n: number, seed: number): LabeledMatrix {
  const rng = new Prng(seed);
  const rows = Array.from({ length: n }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  return matrix(
    rows,
    rows.map(([a, b]) => 2 * a! - b! + 0.5),
  );
}
