import { ArtifactError } from "../../../src/models/errors";
import { predictForest } from "../../../src/models/xgboost/forest-prediction";
import { parseXgboostJson } from "../../../src/models/xgboost/xgboost-json-model";
import { DEPTH2, type ModelSpec, STUMP, xgboostJson } from "./xgboost-fixtures";

const f32 = Math.fround;
const parse = (spec: ModelSpec) => parseXgboostJson(xgboostJson(spec), "xgboost-model");
const predict = (spec: ModelSpec, rows: number[][], columns = spec.numFeature) =>
  Array.from(predictForest(parse(spec), Float32Array.from(rows.flat()), rows.length, columns));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The members of an XGBoost JSON model that these tests edit. */
interface ModelJson {
  learner: {
    objective: { name: string };
    learner_model_param: { base_score: string };
    gradient_booster: {
      name: string;
      model: {
        tree_info?: number[];
        trees?: {
          default_left: (number | boolean)[];
          left_children: number[];
          right_children: number[];
          split_indices: number[];
          split_conditions: number[];
          split_type: number[];
        }[];
      };
    };
  };
}

describe("XGBoost JSON models, predictions worked by hand", () => {
  it("reg:squarederror stump: base_score + leaf; x < split goes left; missing follows default_left", () => {
    const spec = { objective: "reg:squarederror", baseScore: "5E-1", numFeature: 1, trees: [STUMP] };
    expect(predict(spec, [[0.5], [1.0], [2], [NaN]])).toEqual([
      f32(0.5 + f32(0.3)),
      f32(0.5 - f32(0.2)),
      f32(0.5 - f32(0.2)),
      f32(0.5 + f32(0.3)),
    ]);
  });

  it("sums trees in order; a missing feature follows each node's own default", () => {
    const spec = { objective: "reg:squarederror", baseScore: "0", numFeature: 2, trees: [STUMP, DEPTH2] };
    // Row (2, 1): stump → −0.2; depth2: 1 ≥ 0 → node 2: 2 < 3 → 0.05.  Row (0, missing): 0.3 + (missing → right → 0 < 3 → 0.05).
    expect(
      predict(spec, [
        [2, 1],
        [0, NaN],
      ]),
    ).toEqual([f32(f32(-0.2) + f32(0.05)), f32(f32(0.3) + f32(0.05))]);
  });

  it("binary:logistic: sigmoid of the margin, base_score taken in probability space", () => {
    const spec = { objective: "binary:logistic", baseScore: "2E-1", numFeature: 2, trees: [STUMP, DEPTH2] };
    // Row (0.5, −1): 0.3 + 0.1 = 0.4, plus logit(0.2) = −ln 4.
    const [p] = predict(spec, [[0.5, -1]]);
    expect(p).toBeCloseTo(sigmoid(0.4 - Math.log(4)), 6);
  });

  it("multi:softprob: one tree per class via tree_info, softmax over the classes", () => {
    const leafTree = (a: number, b: number) => ({
      nodes: [
        [1, 2, 0, 0, true],
        [-1, -1, 0, a, false],
        [-1, -1, 0, b, false],
      ] as [number, number, number, number, boolean][],
    });
    const spec = {
      objective: "multi:softprob",
      baseScore: "5E-1",
      numFeature: 1,
      numClass: 3,
      trees: [leafTree(1, 0), leafTree(0, 1), leafTree(Math.LN2, 0)],
      treeInfo: [0, 1, 2],
    };
    // x = −1 goes left: margins (1, 0, ln 2) + 0.5 each → softmax ∝ (e, 1, 2).
    const [a, b, c] = predict(spec, [[-1]]);
    const z = Math.E + 1 + 2;
    expect(a).toBeCloseTo(Math.E / z, 6);
    expect(b).toBeCloseTo(1 / z, 6);
    expect(c).toBeCloseTo(2 / z, 6);
    expect(predict({ ...spec, objective: "multi:softmax" }, [[-1], [1]])).toEqual([0, 1]);
  });

  it("dart: each tree weighted by weight_drop", () => {
    const spec = {
      objective: "reg:squarederror",
      baseScore: "0",
      numFeature: 2,
      trees: [STUMP, STUMP],
      weightDrop: [0.5, 1],
    };
    expect(predict(spec, [[0, 0]])[0]).toBeCloseTo(0.45, 6);
  });

  it("accepts XGBoost 3's bracketed base_score and boolean default_left", () => {
    const json = JSON.parse(
      xgboostJson({ objective: "reg:squarederror", baseScore: "[1E0]", numFeature: 1, trees: [STUMP] }),
    ) as ModelJson;
    json.learner.gradient_booster.model.trees![0]!.default_left = [true, false, false];
    const forest = parseXgboostJson(JSON.stringify(json), "m");
    expect(Array.from(predictForest(forest, Float32Array.of(NaN), 1, 1))).toEqual([f32(1 + f32(0.3))]);
  });

  it("scores fewer columns than the model has, treating the rest as missing", () => {
    const spec = { objective: "reg:squarederror", baseScore: "0", numFeature: 2, trees: [DEPTH2] };
    expect(predict(spec, [[5]], 1)).toEqual([f32(-0.05)]);
  });
});

describe("parseXgboostJson refuses what it cannot score faithfully", () => {
  const expectError = (text: string, message: RegExp) => {
    const f = () => parseXgboostJson(text, "model.tar.gz → xgboost-model");
    expect(f).toThrow(ArtifactError);
    expect(f).toThrow(message);
  };
  const spec: ModelSpec = { objective: "reg:squarederror", baseScore: "0", numFeature: 2, trees: [DEPTH2] };
  const edit = (f: (json: ModelJson) => void) => {
    const json = JSON.parse(xgboostJson(spec)) as ModelJson;
    f(json);
    return JSON.stringify(json);
  };

  it.each<[string, string, RegExp]>([
    ["invalid JSON", "{oops", /xgboost-model: not valid JSON/],
    ["no learner", "{}", /the model has no "learner"/],
    [
      "an unsupported objective",
      edit((j) => (j.learner.objective.name = "rank:pairwise")),
      /objective "rank:pairwise" is not supported/,
    ],
    [
      "gblinear",
      edit((j) => (j.learner.gradient_booster = { name: "gblinear", model: {} })),
      /gradient booster "gblinear" is not supported/,
    ],
    [
      "a child pointing back (a cycle)",
      edit((j) => (j.learner.gradient_booster.model.trees![0]!.left_children[2] = 0)),
      /tree 0 node 2 has child 0, outside 3–4/,
    ],
    [
      "a node with one child",
      edit((j) => (j.learner.gradient_booster.model.trees![0]!.right_children[2] = -1)),
      /tree 0 node 2 has only one child/,
    ],
    [
      "a split on a feature the model lacks",
      edit((j) => (j.learner.gradient_booster.model.trees![0]!.split_indices[0] = 7)),
      /tree 0 node 0 splits on feature 7, but the model has 2/,
    ],
    [
      "arrays of different lengths",
      edit((j) => j.learner.gradient_booster.model.trees![0]!.split_conditions.pop()),
      /tree 0: split_conditions has 4 entries, left_children has 5/,
    ],
    [
      "categorical splits",
      edit((j) => (j.learner.gradient_booster.model.trees![0]!.split_type[0] = 1)),
      /tree 0 uses categorical splits/,
    ],
    [
      "a tree in a group the model lacks",
      edit((j) => (j.learner.gradient_booster.model.tree_info = [1])),
      /tree 0 belongs to group 1, but the model has 1/,
    ],
    [
      "a bad base_score",
      edit((j) => (j.learner.learner_model_param.base_score = "abc")),
      /base_score "abc" is not a number/,
    ],
  ])("rejects %s", (_, text, message) => expectError(text, message));
});
