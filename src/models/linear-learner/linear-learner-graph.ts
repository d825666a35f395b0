/**
 * Builds the symbol graph linear-learner saves as `mx-mod-symbol.json`
 * (reference §9): `data · fc0_weight (+ fc0_bias)`, then the predictor head,
 * then a training-only loss branch on `out_label` that is scaled by 1e-30 and
 * added to the output so the module binds the label during training.
 *
 *  - multiclass_classifier: numerically stable softmax
 *    max(axis=1) → Reshape(-1,1) → broadcast_sub → _plus_scalar(10) → exp →
 *    sum(axis=1) → Reshape(-1,1) → broadcast_div → clip(1e-10, 1) → BlockGrad;
 *    loss: pick(label) → log → ×-1 → make_loss.
 *  - binary_classifier: sigmoid → BlockGrad; loss: logistic loss on
 *    clipped probabilities.
 *  - regressor: identity → BlockGrad; loss: squared error.
 *
 * Node names follow MXNet's automatic naming (`<op hint><counter>`).
 */
import type { NodeEntry, SymbolGraph, SymbolNode } from "./symbol-graph";

export type PredictorType = "multiclass_classifier" | "binary_classifier" | "regressor";

export interface LinearGraphSpec {
  predictorType: PredictorType;
  featureCount: number;
  /** Number of classes for multiclass, 1 otherwise. */
  outputCount: number;
  useBias: boolean;
}

/** MXNet 1.3.1, the version linear-learner's container records. */
export const MXNET_VERSION = 10301;

const NAME_HINTS: Record<string, string> = {
  _plus_scalar: "_plusscalar",
  _mul_scalar: "_mulscalar",
  _rminus_scalar: "_rminusscalar",
  BlockGrad: "blockgrad",
  make_loss: "makeloss",
  Reshape: "reshape",
};

class GraphBuilder {
  private readonly nodes: SymbolNode[] = [];
  private readonly counters = new Map<string, number>();

  variable(name: string, attrs?: Record<string, string>): NodeEntry {
    return this.add({ op: "null", name, ...(attrs ? { attrs } : {}), inputs: [] });
  }

  op(op: string, inputs: NodeEntry[], attrs?: Record<string, string>): NodeEntry {
    const hint = NAME_HINTS[op] ?? op.toLowerCase();
    const count = this.counters.get(hint) ?? 0;
    this.counters.set(hint, count + 1);
    return this.add({ op, name: `${hint}${count}`, ...(attrs ? { attrs } : {}), inputs });
  }

  build(head: NodeEntry): SymbolGraph {
    return {
      nodes: this.nodes,
      arg_nodes: this.nodes.flatMap((n, i) => (n.op === "null" ? [i] : [])),
      node_row_ptr: Array.from({ length: this.nodes.length + 1 }, (_, i) => i),
      heads: [head],
      attrs: { mxnet_version: ["int", MXNET_VERSION] },
    };
  }

  private add(node: SymbolNode): NodeEntry {
    this.nodes.push(node);
    return [this.nodes.length - 1, 0, 0];
  }
}

export function buildLinearLearnerGraph(spec: LinearGraphSpec): SymbolGraph {
  const g = new GraphBuilder();
  const { featureCount: f, outputCount: k } = spec;
  const data = g.variable("data");
  const weight = g.variable("fc0_weight", { __shape__: `(${f}, ${k})` });
  let linear = g.op("dot", [data, weight]);
  if (spec.useBias) {
    const bias = g.variable("fc0_bias", { __lr_mult__: "1.0", __shape__: `(1, ${k})` });
    linear = g.op("broadcast_add", [linear, bias]);
  }
  const column = { shape: "(-1, 1)" };
  let scores: NodeEntry;
  let loss: NodeEntry;
  if (spec.predictorType === "multiclass_classifier") {
    const max = g.op("max", [linear], { axis: "1" });
    const shifted = g.op("broadcast_sub", [linear, g.op("Reshape", [max], column)]);
    const exp = g.op("exp", [g.op("_plus_scalar", [shifted], { scalar: "10.0" })]);
    const total = g.op("Reshape", [g.op("sum", [exp], { axis: "1" })], column);
    const probabilities = g.op("clip", [g.op("broadcast_div", [exp, total])], { a_max: "1.0", a_min: "1e-10" });
    scores = g.op("BlockGrad", [probabilities]);
    const label = g.variable("out_label");
    const picked = g.op("pick", [probabilities, label], { axis: "1", keepdims: "True" });
    loss = g.op("_mul_scalar", [g.op("log", [picked])], { scalar: "-1.0" });
  } else if (spec.predictorType === "binary_classifier") {
    const probability = g.op("sigmoid", [linear]);
    scores = g.op("BlockGrad", [probability]);
    const label = g.op("Reshape", [g.variable("out_label")], column);
    const clipped = { a_max: "1.0", a_min: "1e-10" };
    const logP = g.op("log", [g.op("clip", [probability], clipped)]);
    const logQ = g.op("log", [g.op("clip", [g.op("_rminus_scalar", [probability], { scalar: "1.0" })], clipped)]);
    const positive = g.op("broadcast_mul", [label, logP]);
    const negative = g.op("broadcast_mul", [g.op("_rminus_scalar", [label], { scalar: "1.0" }), logQ]);
    loss = g.op("_mul_scalar", [g.op("broadcast_add", [positive, negative])], { scalar: "-1.0" });
  } else {
    scores = g.op("BlockGrad", [linear]);
    const label = g.op("Reshape", [g.variable("out_label")], column);
    loss = g.op("square", [g.op("broadcast_sub", [linear, label])]);
  }
  const scaledLoss = g.op("_mul_scalar", [g.op("make_loss", [loss])], { scalar: "1e-30" });
  return g.build(g.op("broadcast_add", [scores, scaledLoss]));
}

/**
 * Serialises a graph in the layout MXNet's JSON writer uses for
 * `*-symbol.json` (2-space indent, `", "` separators, input lists inline),
 * so a written file reads like one SageMaker produced.
 */
export function symbolJson(graph: SymbolGraph): string {
  const q = JSON.stringify;
  const entries = (list: NodeEntry[]) => `[${list.map((e) => `[${e.join(", ")}]`).join(", ")}]`;
  const node = (n: SymbolNode) => {
    const lines = [`      "op": ${q(n.op)}`, `      "name": ${q(n.name)}`];
    if (n.attrs) {
      const attrs = Object.entries(n.attrs).map(([k, v]) => `        ${q(k)}: ${q(v)}`);
      lines.push(`      "attrs": {\n${attrs.join(", \n")}\n      }`);
    }
    lines.push(`      "inputs": ${entries(n.inputs)}`);
    return `    {\n${lines.join(", \n")}\n    }`;
  };
  return [
    "{",
    `  "nodes": [\n${graph.nodes.map(node).join(", \n")}\n  ], `,
    `  "arg_nodes": [${graph.arg_nodes.join(", ")}], `,
    `  "node_row_ptr": [\n${graph.node_row_ptr.map((i) => `    ${i}`).join(", \n")}\n  ], `,
    `  "heads": ${entries(graph.heads)}, `,
    `  "attrs": {"mxnet_version": ["int", ${graph.attrs.mxnet_version[1]}]}`,
    "}",
  ].join("\n");
}
