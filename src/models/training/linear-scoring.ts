/**
 * Reference scoring of a linear model in float64, straight from its
 * parameters (no symbol graph): what the trainer reports accuracies with,
 * and what the artifact reader's graph evaluation is checked against.
 */
import type { LinearModelParams } from "../linear-learner/linear-model";
import type { LabeledMatrix } from "../weather/weather-dataset";

/** rows × outputCount scores: softmax probabilities, sigmoid probability, or the regression value. */
export function scoreRows(model: LinearModelParams, features: ArrayLike<number>, rows: number): Float64Array {
  const { featureCount: f, outputCount: k, weights, bias } = model;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const z = out.subarray(r * k, (r + 1) * k);
    for (let j = 0; j < k; j++) z[j] = bias ? bias[j]! : 0;
    for (let i = 0; i < f; i++) {
      const x = features[r * f + i]!;
      if (x !== 0) for (let j = 0; j < k; j++) z[j]! += x * weights[i * k + j]!;
    }
    activate(model.predictorType, z);
  }
  return out;
}

/** Turns linear outputs into scores in place. */
export function activate(predictorType: LinearModelParams["predictorType"], z: Float64Array): void {
  if (predictorType === "multiclass_classifier") {
    let max = -Infinity;
    for (const v of z) max = Math.max(max, v);
    let sum = 0;
    for (let j = 0; j < z.length; j++) sum += z[j] = Math.exp(z[j]! - max);
    for (let j = 0; j < z.length; j++) z[j]! /= sum;
  } else if (predictorType === "binary_classifier") {
    z[0] = 1 / (1 + Math.exp(-z[0]!));
  }
}

/** Predicted class per row: argmax (first on ties), or score > 0.5 for binary. */
export function predictLabels(model: LinearModelParams, features: ArrayLike<number>, rows: number): Int32Array {
  const scores = scoreRows(model, features, rows);
  const k = model.outputCount;
  return Int32Array.from({ length: rows }, (_, r) => {
    if (k === 1) return scores[r]! > 0.5 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[r * k + j]! > scores[r * k + best]!) best = j;
    return best;
  });
}

/** Share of rows whose predicted class equals the label. */
export function accuracy(model: LinearModelParams, data: LabeledMatrix): number {
  const predicted = predictLabels(model, data.features, data.rows);
  let hits = 0;
  for (let r = 0; r < data.rows; r++) if (predicted[r] === data.labels[r]) hits++;
  return hits / data.rows;
}

export function meanSquaredError(model: LinearModelParams, data: LabeledMatrix): number {
  const scores = scoreRows(model, data.features, data.rows);
  let total = 0;
  for (let r = 0; r < data.rows; r++) total += (scores[r]! - data.labels[r]!) ** 2;
  return total / data.rows;
}
