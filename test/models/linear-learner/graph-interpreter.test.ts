import { ArtifactError } from "../../../src/models/errors";
import { compileGraph } from "../../../src/models/linear-learner/graph-interpreter";
import { buildLinearLearnerGraph, type PredictorType } from "../../../src/models/linear-learner/linear-learner-graph";
import type { SymbolGraph, SymbolNode } from "../../../src/models/linear-learner/symbol-graph";
import type { Tensor } from "../../../src/models/linear-learner/tensor";

const t = (shape: number[], values: number[]): Tensor => ({ shape, data: Float32Array.from(values) });
const graphOf = (predictorType: PredictorType, f: number, k: number, useBias = true) =>
  buildLinearLearnerGraph({ predictorType, featureCount: f, outputCount: k, useBias });
const rows = (...values: number[][]) => Float32Array.from(values.flat());
const expectArtifactError = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(ArtifactError);
  expect(f).toThrow(message);
};

describe("compileGraph on linear-learner graphs", () => {
  it("multiclass: softmax of x·W + b, worked by hand", () => {
    // Logits for x = (1, 1): (0, ln 2, ln 3) → probabilities (1/6, 2/6, 3/6).
    const params = new Map([
      ["fc0_weight", t([2, 3], [0, Math.LN2, 0, 0, 0, Math.log(3)])],
      ["fc0_bias", t([1, 3], [0, 0, 0])],
    ]);
    const graph = compileGraph(graphOf("multiclass_classifier", 2, 3), params, "s.json");
    expect(graph.featureCount).toBe(2);
    expect(graph.outputShape).toEqual([1, 3]);
    const out = graph.run(rows([1, 1], [0, 0]), 2);
    expect(out.shape).toEqual([2, 3]);
    [1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3].forEach((p, i) => expect(out.data[i]).toBeCloseTo(p, 6));
  });

  it("multiclass: probabilities are clipped to [1e-10, 1] as in the graph", () => {
    const params = new Map([["fc0_weight", t([1, 2], [0, 100])]]);
    const out = compileGraph(graphOf("multiclass_classifier", 1, 2, false), params, "s.json").run(rows([1]), 1);
    expect(Array.from(out.data)).toEqual([Math.fround(1e-10), 1]);
  });

  it("binary: sigmoid of the linear output", () => {
    const params = new Map([
      ["fc0_weight", t([2, 1], [Math.log(3), 5])],
      ["fc0_bias", t([1, 1], [0])],
    ]);
    const out = compileGraph(graphOf("binary_classifier", 2, 1), params, "s.json").run(rows([1, 0]), 1);
    expect(out.shape).toEqual([1, 1]);
    expect(out.data[0]).toBeCloseTo(0.75, 6);
  });

  it("regressor: the linear output itself", () => {
    const params = new Map([
      ["fc0_weight", t([2, 1], [2, -1])],
      ["fc0_bias", t([1, 1], [0.5])],
    ]);
    expect(Array.from(compileGraph(graphOf("regressor", 2, 1), params, "s.json").run(rows([3, 4]), 1).data)).toEqual([
      2.5,
    ]);
  });

  it("drops the training-only out_label branch: the head equals the BlockGrad output exactly", () => {
    const graph = graphOf("multiclass_classifier", 2, 3);
    const params = new Map([
      ["fc0_weight", t([2, 3], [0.3, -1.2, 0.7, 2, 0.1, -0.4])],
      ["fc0_bias", t([1, 3], [0.2, 0, -0.2])],
    ]);
    const blockGrad = graph.nodes.findIndex((n) => n.op === "BlockGrad");
    const scoresOnly: SymbolGraph = { ...graph, heads: [[blockGrad, 0, 0]] };
    const input = rows([0.5, -1], [2, 3], [-0.25, 0.125]);
    expect(compileGraph(graph, params, "s.json").run(input, 3)).toEqual(
      compileGraph(scoresOnly, params, "s.json").run(input, 3),
    );
  });
});

describe("compileGraph on graphs SageMaker or older MXNet may write", () => {
  const node = (op: string, name: string, inputs: number[], attrs?: Record<string, string>): SymbolNode => ({
    op,
    name,
    ...(attrs ? { attrs } : {}),
    inputs: inputs.map((i) => [i, 0, 0] as [number, number, number]),
  });

  it("FullyConnected + SoftmaxOutput with a softmax_label input, parameters declared before data", () => {
    const graph: SymbolGraph = {
      nodes: [
        node("null", "fc_weight", []),
        node("null", "fc_bias", []),
        node("null", "data", []),
        node("FullyConnected", "fc", [2, 0, 1], { num_hidden: "2" }),
        node("null", "softmax_label", []),
        node("SoftmaxOutput", "softmax", [3, 4]),
      ],
      arg_nodes: [0, 1, 2, 4],
      node_row_ptr: [],
      heads: [[5, 0, 0]],
      attrs: { mxnet_version: ["int", 10600] },
    };
    // Weight is (num_hidden, features): logits = (0, ln 3) for x = (1, 1).
    const params = new Map([
      ["fc_weight", t([2, 2], [0, 0, Math.log(3), 0])],
      ["fc_bias", t([2], [0, 0])],
    ]);
    const compiled = compileGraph(graph, params, "s.json");
    expect(compiled.featureCount).toBe(2);
    const out = compiled.run(rows([1, 1]), 1);
    expect(out.data[0]).toBeCloseTo(0.25, 6);
    expect(out.data[1]).toBeCloseTo(0.75, 6);
  });

  it("Reshape codes 0 and -1, pick, mean and scalar ops", () => {
    const graph: SymbolGraph = {
      nodes: [
        node("null", "data", []),
        node("null", "w", []),
        node("dot", "dot0", [0, 1]),
        node("Reshape", "r", [2], { shape: "(0, -1, 1)" }),
        node("mean", "m", [3], { axis: "(1, 2)", keepdims: "False" }),
        node("_rdiv_scalar", "inv", [4], { scalar: "1" }),
      ],
      arg_nodes: [0, 1],
      node_row_ptr: [],
      heads: [[5, 0, 0]],
      attrs: { mxnet_version: ["int", 10301] },
    };
    const compiled = compileGraph(graph, new Map([["w", t([1, 2], [1, 3])]]), "s.json");
    // x·w = (x, 3x); mean = 2x; 1 / 2x.
    expect(Array.from(compiled.run(rows([1], [0.25]), 2).data)).toEqual([0.5, 2]);
  });
});

describe("compileGraph refuses what it cannot evaluate faithfully", () => {
  const params = new Map([
    ["fc0_weight", t([2, 3], [1, 2, 3, 4, 5, 6])],
    ["fc0_bias", t([1, 3], [0, 0, 0])],
  ]);
  const multiclass = () => graphOf("multiclass_classifier", 2, 3);

  it("names an operator it does not implement", () => {
    const graph = multiclass();
    graph.nodes[9] = { ...graph.nodes[9]!, op: "LeakyReLU" };
    expectArtifactError(
      () => compileGraph(graph, params, "m → mx-mod-symbol.json"),
      /mx-mod-symbol\.json: node 9 'exp0' \(LeakyReLU\) uses operator 'LeakyReLU', which this reader does not implement/,
    );
  });

  it("names a graph variable the parameter file lacks", () => {
    expectArtifactError(
      () => compileGraph(multiclass(), new Map([["fc0_weight", params.get("fc0_weight")!]]), "s.json"),
      /graph variable 'fc0_bias' has no value in the parameter file/,
    );
  });

  it("refuses a head that needs the label", () => {
    const graph = multiclass();
    const log = graph.nodes.findIndex((n) => n.op === "log");
    expectArtifactError(
      () => compileGraph({ ...graph, heads: [[log, 0, 0]] }, params, "s.json"),
      /node 17 'log0' \(log\) cannot be computed without a label input/,
    );
  });

  it("names a malformed attribute at load time", () => {
    const graph = multiclass();
    const clip = graph.nodes.findIndex((n) => n.op === "clip");
    graph.nodes[clip] = { ...graph.nodes[clip]!, attrs: { a_min: "low", a_max: "1" } };
    expectArtifactError(
      () => compileGraph(graph, params, "s.json"),
      /node 13 'clip0' \(clip\): attribute a_min="low" is not a number/,
    );
  });

  it("finds a parameter of the wrong shape by a dry run at load time", () => {
    const wrongBias = new Map([...params, ["fc0_bias", t([1, 4], [0, 0, 0, 0])]]);
    expectArtifactError(
      () => compileGraph(multiclass(), wrongBias, "s.json"),
      /node 4 'broadcast_add0' \(broadcast_add\): shapes \(1, 3\) and \(1, 4\) cannot be broadcast together/,
    );
  });

  it("refuses the wrong number of inputs for an operator", () => {
    const graph = multiclass();
    graph.nodes[2] = { ...graph.nodes[2]!, inputs: [[0, 0, 0]] };
    expectArtifactError(() => compileGraph(graph, params, "s.json"), /node 2 'dot0' \(dot\) has 1 inputs; dot takes 2/);
  });
});
