/**
 * Reads XGBoost's JSON model document (XGBoost ≥ 1.0, `xgboost-model` in
 * SageMaker's container ≥ 1.3-1; the same document in UBJSON, ubjson.ts) into
 * flat typed arrays for fast scoring:
 *
 *   learner.learner_model_param.{base_score, num_class, num_feature}
 *   learner.objective.name
 *   learner.gradient_booster: {name: "gbtree", model} or {name: "dart", gbtree: {model}, weight_drop}
 *   model.tree_info[t]            output group (class) of tree t
 *   model.trees[t].{left_children, right_children, split_indices,
 *                   split_conditions, default_left}
 *
 * A node is a leaf when its left child is -1; a leaf's value is its
 * `split_conditions` entry, the learning rate already applied (`base_weights`
 * holds the unscaled weight and is not needed to predict). Rows go left when `x < split_condition`, and
 * follow `default_left` when the value is missing. Children must come after
 * their parent (XGBoost always numbers them so), which rules out cycles.
 */
import { failingIn, parseArtifactJson } from "../errors";
import { XGBOOST_LIMITS } from "./model-limits";

export const OBJECTIVES = [
  "reg:squarederror",
  "reg:linear",
  "reg:logistic",
  "binary:logistic",
  "binary:logitraw",
  "multi:softprob",
  "multi:softmax",
  "count:poisson",
  "reg:gamma",
  "reg:tweedie",
] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface XgboostTree {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Split threshold for inner nodes, leaf value for leaves (float32, as XGBoost stores them). */
  value: Float32Array;
  defaultLeft: Uint8Array;
}

export interface XgboostForest {
  objective: Objective;
  numFeature: number;
  /** Output groups: num_class for multi:*, else 1. */
  numGroup: number;
  /** base_score already turned into margin space. */
  baseMargin: number;
  trees: XgboostTree[];
  treeGroup: Int32Array;
  /** 1 for gbtree; dart's weight_drop. */
  treeWeight: Float32Array;
}

export function parseXgboostJson(text: string, file: string): XgboostForest {
  return xgboostForestOf(parseArtifactJson(text, file), file);
}

/** The forest of a model document as JSON.parse gives it (from the JSON or the UBJSON format). */
export function xgboostForestOf(json: unknown, file: string): XgboostForest {
  const fail = failingIn(file);
  const learner = field(json, "learner", "the model");
  const params = field(learner, "learner_model_param", "learner");
  const objectiveName = field(field(learner, "objective", "learner"), "name", "learner.objective");
  if (!OBJECTIVES.includes(objectiveName as Objective)) {
    fail(`objective ${JSON.stringify(objectiveName)} is not supported (supported: ${OBJECTIVES.join(", ")})`);
  }
  const objective = objectiveName as Objective;
  const numFeature = integer(field(params, "num_feature", "learner_model_param"), "num_feature");
  const numClass = integer(optional(params, "num_class") ?? "0", "num_class");
  const numGroup = objective.startsWith("multi:") ? numClass : 1;
  if (numGroup < 1) fail(`${objective} needs num_class ≥ 1, got ${numClass}`);
  const limit = (what: string, n: number, max: number) => {
    if (n > max) fail(`${what} is ${n}, more than the ${max} a model may have`);
  };
  limit("num_class", numClass, XGBOOST_LIMITS.classes);
  limit("num_feature", numFeature, XGBOOST_LIMITS.features);
  const baseScore = parseBaseScore(field(params, "base_score", "learner_model_param"));

  const booster = field(learner, "gradient_booster", "learner");
  const boosterName = field(booster, "name", "gradient_booster");
  let model: unknown;
  let weights: number[] | null = null;
  if (boosterName === "gbtree") {
    model = field(booster, "model", "gradient_booster");
  } else if (boosterName === "dart") {
    model = field(field(booster, "gbtree", "gradient_booster"), "model", "gradient_booster.gbtree");
    weights = numbers(field(booster, "weight_drop", "gradient_booster"), "weight_drop");
  } else {
    return fail(`gradient booster ${JSON.stringify(boosterName)} is not supported (gbtree and dart are)`);
  }
  const treesJson = field(model, "trees", "model");
  if (!Array.isArray(treesJson)) return fail("model.trees is not an array");
  limit("the number of trees", treesJson.length, XGBOOST_LIMITS.trees);
  let nodes = 0;
  for (const [t, tree] of treesJson.entries()) {
    const children = optional(tree, "left_children");
    const n = Array.isArray(children) ? children.length : 0;
    limit(`the number of nodes of tree ${t}`, n, XGBOOST_LIMITS.nodesPerTree);
    nodes += n;
  }
  limit("the number of nodes", nodes, XGBOOST_LIMITS.nodes);
  const groups = numbers(optional(model, "tree_info") ?? treesJson.map(() => 0), "tree_info");
  if (groups.length !== treesJson.length) fail(`tree_info has ${groups.length} entries for ${treesJson.length} trees`);
  if (weights && weights.length !== treesJson.length)
    fail(`weight_drop has ${weights.length} entries for ${treesJson.length} trees`);
  groups.forEach((g, t) => {
    if (!Number.isInteger(g) || g < 0 || g >= numGroup)
      fail(`tree ${t} belongs to group ${g}, but the model has ${numGroup}`);
  });

  return {
    objective,
    numFeature,
    numGroup,
    baseMargin: toMargin(objective, baseScore),
    trees: treesJson.map((tree, t) => parseTree(tree, t)),
    treeGroup: Int32Array.from(groups),
    treeWeight: Float32Array.from(weights ?? groups.map(() => 1)),
  };

  function parseTree(tree: unknown, t: number): XgboostTree {
    const where = `tree ${t}`;
    const left = numbers(field(tree, "left_children", where), `${where} left_children`);
    const right = numbers(field(tree, "right_children", where), `${where} right_children`);
    const feature = numbers(field(tree, "split_indices", where), `${where} split_indices`);
    const value = numbers(field(tree, "split_conditions", where), `${where} split_conditions`);
    const defaults = numbers(field(tree, "default_left", where), `${where} default_left`);
    const n = left.length;
    if (n === 0) fail(`${where} has no nodes`);
    for (const [name, list] of [
      ["right_children", right],
      ["split_indices", feature],
      ["split_conditions", value],
      ["default_left", defaults],
    ] as const) {
      if (list.length !== n) fail(`${where}: ${name} has ${list.length} entries, left_children has ${n}`);
    }
    const splitTypes = optional(tree, "split_type");
    if (Array.isArray(splitTypes) && splitTypes.some((s) => s !== 0))
      fail(`${where} uses categorical splits, which are not supported`);
    for (let i = 0; i < n; i++) {
      const isLeaf = left[i] === -1;
      if (isLeaf !== (right[i] === -1)) fail(`${where} node ${i} has only one child`);
      if (isLeaf) continue;
      for (const child of [left[i]!, right[i]!]) {
        if (!Number.isInteger(child) || child <= i || child >= n)
          fail(`${where} node ${i} has child ${child}, outside ${i + 1}–${n - 1}`);
      }
      if (!Number.isInteger(feature[i]) || feature[i]! < 0 || feature[i]! >= numFeature) {
        fail(`${where} node ${i} splits on feature ${feature[i]}, but the model has ${numFeature}`);
      }
    }
    return {
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      feature: Int32Array.from(feature),
      value: Float32Array.from(value),
      defaultLeft: Uint8Array.from(defaults, (d) => (d ? 1 : 0)),
    };
  }

  function field(obj: unknown, name: string, where: string): unknown {
    const value = optional(obj, name);
    return value === undefined ? fail(`${where} has no "${name}"`) : value;
  }

  function optional(obj: unknown, name: string): unknown {
    return typeof obj === "object" && obj !== null ? (obj as Record<string, unknown>)[name] : undefined;
  }

  function numbers(list: unknown, where: string): number[] {
    if (!Array.isArray(list)) return fail(`${where} is not an array`);
    return list.map((v: unknown) => {
      const n = typeof v === "boolean" ? Number(v) : typeof v === "string" ? Number(v) : v;
      if (typeof n !== "number" || Number.isNaN(n)) fail(`${where} holds ${JSON.stringify(v)}, not a number`);
      return n as number;
    });
  }

  function integer(v: unknown, where: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) fail(`${where} ${JSON.stringify(v)} is not a non-negative integer`);
    return n;
  }

  /** "5E-1" (XGBoost 1.x/2.x) or "[5E-1]" (3.x, one value per target). */
  function parseBaseScore(v: unknown): number {
    const text = String(v)
      .trim()
      .replace(/^\[(.*)\]$/, "$1");
    const first = text.split(",")[0]!;
    const n = Number(first);
    if (first.trim() === "" || !Number.isFinite(n)) fail(`base_score ${JSON.stringify(v)} is not a number`);
    return n;
  }
}

/** XGBoost's ProbToMargin: base_score is given in output space. */
function toMargin(objective: Objective, baseScore: number): number {
  switch (objective) {
    case "reg:logistic":
    case "binary:logistic":
    case "binary:logitraw":
      return -Math.log(1 / baseScore - 1);
    case "count:poisson":
    case "reg:gamma":
    case "reg:tweedie":
      return Math.log(baseScore);
    default:
      return baseScore;
  }
}
