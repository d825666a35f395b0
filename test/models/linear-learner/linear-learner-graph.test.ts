import {
  buildLinearLearnerGraph,
  MXNET_VERSION,
  symbolJson,
} from "../../../src/models/linear-learner/linear-learner-graph";
import { parseSymbolGraph } from "../../../src/models/linear-learner/symbol-graph";

const ops = (g: ReturnType<typeof buildLinearLearnerGraph>) => g.nodes.map((n) => (n.op === "null" ? n.name : n.op));

describe("buildLinearLearnerGraph", () => {
  it("builds the multiclass graph of a real linear-learner, loss branch included", () => {
    const graph = buildLinearLearnerGraph({
      predictorType: "multiclass_classifier",
      featureCount: 15,
      outputCount: 5,
      useBias: true,
    });
    expect(ops(graph)).toEqual([
      "data",
      "fc0_weight",
      "dot",
      "fc0_bias",
      "broadcast_add",
      "max",
      "Reshape",
      "broadcast_sub",
      "_plus_scalar",
      "exp",
      "sum",
      "Reshape",
      "broadcast_div",
      "clip",
      "BlockGrad",
      "out_label",
      "pick",
      "log",
      "_mul_scalar",
      "make_loss",
      "_mul_scalar",
      "broadcast_add",
    ]);
    const byName = Object.fromEntries(graph.nodes.map((n) => [n.name, n]));
    expect(byName.fc0_weight!.attrs).toEqual({ __shape__: "(15, 5)" });
    expect(byName.fc0_bias!.attrs).toMatchObject({ __lr_mult__: "1.0", __shape__: "(1, 5)" });
    expect(byName._plusscalar0!.attrs).toEqual({ scalar: "10.0" });
    expect(byName.clip0!.attrs).toEqual({ a_max: "1.0", a_min: "1e-10" });
    expect(byName._mulscalar1!.attrs).toEqual({ scalar: "1e-30" });
    expect(graph.heads).toEqual([[21, 0, 0]]);
    expect(graph.arg_nodes).toEqual([0, 1, 3, 15]);
    expect(graph.attrs).toEqual({ mxnet_version: ["int", MXNET_VERSION] });
  });

  it("leaves out fc0_bias and its broadcast_add when use_bias is false", () => {
    const graph = buildLinearLearnerGraph({
      predictorType: "multiclass_classifier",
      featureCount: 3,
      outputCount: 2,
      useBias: false,
    });
    expect(ops(graph).slice(0, 4)).toEqual(["data", "fc0_weight", "dot", "max"]);
    expect(graph.nodes.some((n) => n.name === "fc0_bias")).toBe(false);
  });

  it("differs only after the linear layer for binary (sigmoid) and regressor (identity)", () => {
    const binary = ops(
      buildLinearLearnerGraph({ predictorType: "binary_classifier", featureCount: 3, outputCount: 1, useBias: true }),
    );
    const regressor = ops(
      buildLinearLearnerGraph({ predictorType: "regressor", featureCount: 3, outputCount: 1, useBias: true }),
    );
    expect(binary.slice(0, 7)).toEqual([
      "data",
      "fc0_weight",
      "dot",
      "fc0_bias",
      "broadcast_add",
      "sigmoid",
      "BlockGrad",
    ]);
    expect(regressor.slice(0, 6)).toEqual(["data", "fc0_weight", "dot", "fc0_bias", "broadcast_add", "BlockGrad"]);
    for (const graph of [binary, regressor]) expect(graph).toContain("out_label");
  });
});

describe("symbolJson", () => {
  const graph = buildLinearLearnerGraph({ predictorType: "regressor", featureCount: 2, outputCount: 1, useBias: true });

  it("parses back to the same graph", () => {
    expect(parseSymbolGraph(symbolJson(graph), "s.json")).toEqual(graph);
  });

  it("uses MXNet's layout: inline input lists, one node_row_ptr entry per line", () => {
    const text = symbolJson(graph);
    expect(text).toContain('      "op": "dot", \n      "name": "dot0", \n      "inputs": [[0, 0, 0], [1, 0, 0]]');
    expect(text).toContain('  "node_row_ptr": [\n    0, \n    1, ');
    expect(text.endsWith('  "attrs": {"mxnet_version": ["int", 10301]}\n}')).toBe(true);
  });
});
