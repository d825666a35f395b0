/**
 * Reads XGBoost's legacy binary model format (`save_model` to a name not ending .json/.ubj in
 * XGBoost 1.x; `binf` then little-endian structs) into the model document the JSON format holds,
 * so one reader (xgboost-json-model.ts) checks and loads both:
 *   LearnerModelParamLegacy (136 bytes: base_score f32, num_feature u32, num_class i32, …),
 *   objective and booster names (u64 length + bytes), GBTreeModelParam (160 bytes: num_trees i32
 *   first), per tree TreeParam (148 bytes: num_nodes i32 second), its nodes (20 bytes: parent,
 *   left, right i32, split index u32 whose top bit is default-left, split condition or leaf value
 *   f32) and node statistics (16 bytes, not needed to predict), then tree_info (i32 per tree) and,
 *   for dart, weight_drop (u64 count + f32 each).
 * Every count is checked against the bytes left before anything is allocated.
 */
import { failingIn } from "../errors";

const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const NODE_STAT_BYTES = 16;

export function decodeLegacyBinary(bytes: Uint8Array, file: string): unknown {
  const fail = failingIn(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, what: string) => {
    if (!Number.isSafeInteger(n) || n < 0 || n > bytes.length - at)
      fail(`not a valid XGBoost binary model: ${what} at byte ${at} runs past the end of the file`);
  };
  const skip = (n: number, what: string) => {
    need(n, what);
    at += n;
  };
  const int32 = (offset: number) => view.getInt32(offset, true);
  const string = (what: string) => {
    need(8, what);
    const n = Number(view.getBigUint64(at, true));
    at += 8;
    need(n, what);
    const text = new TextDecoder().decode(bytes.subarray(at, at + n));
    at += n;
    return text;
  };

  if (new TextDecoder().decode(bytes.subarray(0, 4)) === "binf") at = 4;
  need(LEARNER_PARAM_BYTES, "the learner parameters");
  const baseScore = view.getFloat32(at, true);
  const numFeature = view.getUint32(at + 4, true);
  const numClass = int32(at + 8);
  at += LEARNER_PARAM_BYTES;
  const objective = string("the objective name");
  const booster = string("the booster name");
  if (booster !== "gbtree" && booster !== "dart")
    fail(`gradient booster ${JSON.stringify(booster)} is not supported (gbtree and dart are)`);
  need(GBTREE_PARAM_BYTES, "the booster parameters");
  const numTrees = int32(at);
  at += GBTREE_PARAM_BYTES;
  // Each tree takes at least its parameters and one node.
  need(numTrees * (TREE_PARAM_BYTES + NODE_BYTES + NODE_STAT_BYTES), "the trees");
  const trees = Array.from({ length: numTrees }, (_, t) => {
    need(TREE_PARAM_BYTES, `tree ${t}'s parameters`);
    const numNodes = int32(at + 4);
    at += TREE_PARAM_BYTES;
    need(numNodes * (NODE_BYTES + NODE_STAT_BYTES), `tree ${t}'s nodes`);
    const tree = {
      left_children: new Array<number>(numNodes),
      right_children: new Array<number>(numNodes),
      split_indices: new Array<number>(numNodes),
      split_conditions: new Array<number>(numNodes),
      default_left: new Array<number>(numNodes),
    };
    for (let n = 0; n < numNodes; n++, at += NODE_BYTES) {
      const index = view.getUint32(at + 12, true);
      tree.left_children[n] = int32(at + 4);
      tree.right_children[n] = int32(at + 8);
      tree.split_indices[n] = index & 0x7fffffff;
      tree.default_left[n] = index >>> 31;
      tree.split_conditions[n] = view.getFloat32(at + 16, true);
    }
    skip(numNodes * NODE_STAT_BYTES, `tree ${t}'s node statistics`);
    return tree;
  });
  need(numTrees * 4, "tree_info");
  const treeInfo = Array.from({ length: numTrees }, (_, t) => int32(at + 4 * t));
  at += numTrees * 4;
  const model = { trees, tree_info: treeInfo };
  let gradientBooster: Record<string, unknown> = { name: "gbtree", model };
  if (booster === "dart") {
    need(8, "weight_drop");
    const n = Number(view.getBigUint64(at, true));
    at += 8;
    need(n * 4, "weight_drop");
    const weights = Array.from({ length: n }, (_, i) => view.getFloat32(at + 4 * i, true));
    gradientBooster = { name: "dart", gbtree: { model }, weight_drop: weights };
  }
  return {
    learner: {
      learner_model_param: {
        base_score: String(baseScore),
        num_class: String(numClass),
        num_feature: String(numFeature),
      },
      objective: { name: objective },
      gradient_booster: gradientBooster,
    },
  };
}
