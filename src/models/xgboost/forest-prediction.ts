/**
 * Scores rows with a parsed XGBoost forest, in float32 like XGBoost's CPU
 * predictor: per row and output group, margin = base margin + Σ leaf values
 * (dart: weighted by weight_drop), accumulated in tree order; then the
 * objective's transform (sigmoid, softmax, exp, argmax or identity).
 */
import type { XgboostForest } from "./xgboost-json-model";

/** Values per row in the output: num_class for multi:softprob, else 1. */
export function outputWidth(forest: XgboostForest): number {
  return forest.objective === "multi:softprob" ? forest.numGroup : 1;
}

/** `values` is rows × columns (columns ≤ numFeature; NaN = missing). */
export function predictForest(
  forest: XgboostForest,
  values: Float32Array,
  rows: number,
  columns: number,
): Float32Array {
  const groups = forest.numGroup;
  const margins = new Float32Array(rows * groups).fill(forest.baseMargin);
  const { trees, treeGroup, treeWeight } = forest;
  for (let t = 0; t < trees.length; t++) {
    const { left, right, feature, value, defaultLeft } = trees[t]!;
    const group = treeGroup[t]!;
    const weight = treeWeight[t]!;
    for (let r = 0; r < rows; r++) {
      const base = r * columns;
      let node = 0;
      while (left[node] !== -1) {
        const f = feature[node]!;
        const x = f < columns ? values[base + f]! : NaN;
        node =
          x !== x ? (defaultLeft[node] ? left[node]! : right[node]!) : x < value[node]! ? left[node]! : right[node]!;
      }
      const at = r * groups + group;
      margins[at] = margins[at]! + (weight === 1 ? value[node]! : Math.fround(weight * value[node]!));
    }
  }
  return transform(forest, margins, rows);
}

function transform(forest: XgboostForest, margins: Float32Array, rows: number): Float32Array {
  const groups = forest.numGroup;
  switch (forest.objective) {
    case "reg:logistic":
    case "binary:logistic":
      return margins.map((m) => 1 / (1 + Math.exp(-m)));
    case "count:poisson":
    case "reg:gamma":
    case "reg:tweedie":
      return margins.map(Math.exp);
    case "multi:softprob": {
      const out = new Float32Array(margins.length);
      for (let r = 0; r < rows; r++) {
        const row = margins.subarray(r * groups, (r + 1) * groups);
        const max = Math.max(...row);
        let sum = 0;
        for (let j = 0; j < groups; j++) sum += Math.exp(row[j]! - max);
        for (let j = 0; j < groups; j++) out[r * groups + j] = Math.exp(row[j]! - max) / sum;
      }
      return out;
    }
    case "multi:softmax":
      return Float32Array.from({ length: rows }, (_, r) => {
        let best = 0;
        for (let j = 1; j < groups; j++) if (margins[r * groups + j]! > margins[r * groups + best]!) best = j;
        return best;
      });
    default:
      return margins;
  }
}
