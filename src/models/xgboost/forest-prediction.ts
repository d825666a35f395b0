/**
 * Scores rows with a parsed XGBoost forest, in float32 like XGBoost's CPU
 * predictor: per row and output group, margin = base margin + Σ leaf values
 * (dart: weighted by weight_drop), accumulated in tree order; then the
 * objective's transform (sigmoid, softmax, exp, argmax or identity).
 */
import type { XgboostForest, XgboostTree } from "./xgboost-json-model";

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
  const margins = new Float32Array(rows * forest.numGroup).fill(forest.baseMargin);
  addTrees(forest, values, columns, margins, 0, rows);
  return transform(forest, margins, rows);
}

/** Tree nodes visited per turn of the event loop (a few milliseconds) when predicting in turns. */
const NODES_PER_TURN = 2_000_000;

/**
 * predictForest in slices of rows, yielding to the event loop between them, so a large request
 * never keeps other clients waiting for more than one slice.
 */
export async function predictForestInTurns(
  forest: XgboostForest,
  values: Float32Array,
  rows: number,
  columns: number,
): Promise<Float32Array> {
  const margins = new Float32Array(rows * forest.numGroup).fill(forest.baseMargin);
  const perRow = forest.trees.reduce((sum, tree) => sum + depthOf(tree), 0) + forest.numGroup;
  const slice = Math.max(1, Math.floor(NODES_PER_TURN / perRow));
  for (let from = 0; from < rows; from += slice) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    addTrees(forest, values, columns, margins, from, Math.min(rows, from + slice));
  }
  await new Promise((resolve) => setImmediate(resolve));
  return transform(forest, margins, rows);
}

/** The most nodes a row visits in `tree` (its depth + 1), computed once per tree. */
const depths = new WeakMap<XgboostTree, number>();
function depthOf(tree: XgboostTree): number {
  let known = depths.get(tree);
  if (known === undefined) {
    // Children come after their parent (checked at load), so one pass in node order finds every depth.
    const depth = new Int32Array(tree.left.length);
    known = 1;
    for (let n = 0; n < tree.left.length; n++) {
      if (tree.left[n] === -1) continue;
      depth[tree.left[n]!] = depth[tree.right[n]!] = depth[n]! + 1;
      known = Math.max(known, depth[n]! + 2);
    }
    depths.set(tree, known);
  }
  return known;
}

/** Adds every tree's leaf value to the margins of rows [from, to). */
function addTrees(
  forest: XgboostForest,
  values: Float32Array,
  columns: number,
  margins: Float32Array,
  from: number,
  to: number,
): void {
  const groups = forest.numGroup;
  const { trees, treeGroup, treeWeight } = forest;
  for (let t = 0; t < trees.length; t++) {
    const { left, right, feature, value, defaultLeft } = trees[t]!;
    const group = treeGroup[t]!;
    const weight = treeWeight[t]!;
    for (let r = from; r < to; r++) {
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
        // A loop, not Math.max(...row): a spread of many classes would overflow the stack.
        let max = -Infinity;
        for (let j = 0; j < groups; j++) max = Math.max(max, row[j]!);
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
