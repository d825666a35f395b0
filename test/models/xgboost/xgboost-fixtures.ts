/**
 * Hand-written XGBoost JSON models (the layout XGBoost 1.7 saves), small
 * enough that every prediction can be worked out by hand in the tests.
 */
import { writeTarGz } from "../../../src/models/archive/tar-gz";

export interface TreeSpec {
  /** Per node: [left, right, feature, split condition or leaf value, default_left]. */
  nodes: [number, number, number, number, boolean][];
}

export interface ModelSpec {
  objective: string;
  baseScore: string;
  numFeature: number;
  numClass?: number;
  trees: TreeSpec[];
  treeInfo?: number[];
  weightDrop?: number[];
}

/** Stump on feature 0 at 1.0: left leaf 0.3 (missing goes left), right leaf −0.2. */
export const STUMP: TreeSpec = {
  nodes: [
    [1, 2, 0, 1.0, true],
    [-1, -1, 0, 0.3, false],
    [-1, -1, 0, -0.2, false],
  ],
};

/** Feature 1 < 0 → 0.1 (missing goes right); else feature 0 < 3 → 0.05, else −0.05. */
export const DEPTH2: TreeSpec = {
  nodes: [
    [1, 2, 1, 0, false],
    [-1, -1, 0, 0.1, false],
    [3, 4, 0, 3, true],
    [-1, -1, 0, 0.05, false],
    [-1, -1, 0, -0.05, false],
  ],
};

export function xgboostJson(spec: ModelSpec): string {
  const trees = spec.trees.map((tree, id) => {
    const n = tree.nodes.length;
    return {
      base_weights: tree.nodes.map((node) => node[3] * 2),
      categories: [],
      categories_nodes: [],
      categories_segments: [],
      categories_sizes: [],
      default_left: tree.nodes.map((node) => (node[4] ? 1 : 0)),
      id,
      left_children: tree.nodes.map((node) => node[0]),
      loss_changes: tree.nodes.map(() => 0),
      parents: tree.nodes.map((_, i) => (i === 0 ? 2147483647 : tree.nodes.findIndex((p) => p[0] === i || p[1] === i))),
      right_children: tree.nodes.map((node) => node[1]),
      split_conditions: tree.nodes.map((node) => node[3]),
      split_indices: tree.nodes.map((node) => node[2]),
      split_type: tree.nodes.map(() => 0),
      sum_hessian: tree.nodes.map(() => 1),
      tree_param: {
        num_deleted: "0",
        num_feature: String(spec.numFeature),
        num_nodes: String(n),
        size_leaf_vector: "0",
      },
    };
  });
  const model = {
    gbtree_model_param: { num_parallel_tree: "1", num_trees: String(trees.length) },
    tree_info: spec.treeInfo ?? trees.map(() => 0),
    trees,
  };
  const booster = spec.weightDrop
    ? { name: "dart", gbtree: { name: "gbtree", model }, weight_drop: spec.weightDrop }
    : { name: "gbtree", model };
  return JSON.stringify({
    learner: {
      attributes: {},
      feature_names: [],
      feature_types: [],
      gradient_booster: booster,
      learner_model_param: {
        base_score: spec.baseScore,
        boost_from_average: "1",
        num_class: String(spec.numClass ?? 0),
        num_feature: String(spec.numFeature),
        num_target: "1",
      },
      objective: { name: spec.objective },
    },
    version: [1, 7, 6],
  });
}

export function xgboostArtifact(files: Record<string, string | Uint8Array>): Uint8Array {
  return writeTarGz(
    Object.entries(files).map(([name, data]) => ({
      name,
      data: typeof data === "string" ? new TextEncoder().encode(data) : data,
    })),
  );
}
