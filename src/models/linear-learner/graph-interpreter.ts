/**
 * Evaluates an MXNet symbol graph for inference: binds `data` to the input
 * rows and every other variable to its parameter, then runs the operators in
 * the saved (topological) order up to the first head.
 *
 * The training-only label branch. Real linear-learner graphs add
 * `1e-30 × make_loss(loss(out_label))` to the scores so that the module binds
 * `out_label` during training. At inference there is no label. A variable
 * whose name ends in `label` (MXNet's naming for label inputs) is therefore
 * treated as absent: every node that depends on it is absent too, and an
 * addition with one absent operand yields the other operand. The head then
 * equals the `BlockGrad` output exactly, which is what MXNet computes up to the
 * 1e-30-scaled loss (≤ 2.3e-29, below float32 resolution of scores ≥ 1e-10).
 * The legacy `*Output` layers ignore their label input in the forward pass,
 * as MXNet does. A head that cannot be computed without a label is an error.
 *
 * Anything else the graph needs and the artifact lacks — an unknown operator,
 * a variable with no parameter, a shape mismatch found by a dry run at load —
 * is an `ArtifactError` naming the node and operator.
 */
import { ArtifactError } from "../errors";
import { Attrs, type Kernel, MXNET_OPS } from "./mxnet-ops";
import type { SymbolGraph } from "./symbol-graph";
import { shapeText, type Tensor, tensor } from "./tensor";

export interface CompiledGraph {
  /** Columns the `data` input must have. */
  featureCount: number;
  /** Shape of the head for one input row, e.g. [1, 5]. */
  outputShape: number[];
  /** Runs the graph on `rows × featureCount` float32 values. */
  run(data: Float32Array, rows: number): Tensor;
}

interface Step {
  node: number;
  kernel: Kernel;
  inputs: number[];
}

const DATA = "data";

export function compileGraph(graph: SymbolGraph, params: ReadonlyMap<string, Tensor>, file: string): CompiledGraph {
  const { nodes } = graph;
  const fail = (why: string): never => {
    throw new ArtifactError(`${file}: ${why}`);
  };
  const describe = (i: number) => `node ${i} '${nodes[i]!.name}' (${nodes[i]!.op})`;

  // Which node's value each node takes (itself, or an operand it collapses to), and label dependence.
  const source = nodes.map((_, i) => i);
  const absent = new Array<boolean>(nodes.length).fill(false);
  const constants = new Map<number, Tensor>();
  let dataNode = -1;
  const kernels = new Map<number, Kernel>();

  nodes.forEach((node, i) => {
    if (node.op === "null") {
      const value = params.get(node.name);
      if (node.name === DATA) dataNode = i;
      else if (value) constants.set(i, value);
      else if (/label$/.test(node.name)) absent[i] = true;
      else fail(`graph variable '${node.name}' has no value in the parameter file`);
      return;
    }
    const spec =
      MXNET_OPS[node.op] ?? fail(`${describe(i)} uses operator '${node.op}', which this reader does not implement`);
    const [min, max] = spec.arity;
    if (node.inputs.length < min || node.inputs.length > max) {
      fail(`${describe(i)} has ${node.inputs.length} inputs; ${node.op} takes ${min === max ? min : `${min}–${max}`}`);
    }
    const used = node.inputs.filter((_, k) => !spec.unusedInputs?.includes(k));
    if (used.some(([, output]) => output !== 0))
      fail(`${describe(i)} reads a secondary output, which no supported operator has`);
    const missing = used.map(([n]) => absent[source[n]!]!);
    if (spec.additive && missing.filter(Boolean).length === 1) {
      source[i] = source[used[missing.indexOf(false)]![0]]!;
      return;
    }
    if (missing.some(Boolean)) {
      absent[i] = true;
      return;
    }
    try {
      kernels.set(i, spec.compile(new Attrs(node.attrs ?? {})));
    } catch (err) {
      fail(`${describe(i)}: ${(err as Error).message}`);
    }
  });

  const [headNode, headOutput] = graph.heads[0]!;
  const head = source[headNode]!;
  if (headOutput !== 0) fail(`the head reads output ${headOutput} of ${describe(headNode)}`);
  if (absent[head]) fail(`the output ${describe(headNode)} cannot be computed without a label input`);
  if (dataNode < 0) fail(`the graph has no '${DATA}' input`);

  // Only the nodes the head needs, in saved order.
  const needed = new Array<boolean>(nodes.length).fill(false);
  needed[head] = true;
  for (let i = head; i >= 0; i--) {
    if (!needed[i] || !kernels.has(i)) continue;
    const spec = MXNET_OPS[nodes[i]!.op]!;
    nodes[i]!.inputs.forEach(([n], k) => {
      if (!spec.unusedInputs?.includes(k)) needed[source[n]!] = true;
    });
  }
  const steps: Step[] = [];
  for (let i = 0; i <= head; i++) {
    if (!needed[i] || !kernels.has(i)) continue;
    const spec = MXNET_OPS[nodes[i]!.op]!;
    const inputs = nodes[i]!.inputs.flatMap(([n], k) => (spec.unusedInputs?.includes(k) ? [] : [source[n]!]));
    steps.push({ node: i, kernel: kernels.get(i)!, inputs });
  }

  const featureCount = inferFeatureCount();
  const run = (data: Float32Array, rows: number): Tensor => {
    const values = new Array<Tensor | undefined>(nodes.length);
    values[dataNode] = tensor([rows, featureCount], data);
    for (const [i, t] of constants) values[i] = t;
    for (const step of steps) {
      try {
        values[step.node] = step.kernel(step.inputs.map((n) => values[n]!));
      } catch (err) {
        throw new ArtifactError(`${file}: ${describe(step.node)}: ${(err as Error).message}`);
      }
    }
    return values[head]!;
  };
  const probe = run(new Float32Array(featureCount), 1);
  return { featureCount, outputShape: probe.shape, run };

  /** The number of input columns, read off the parameter that first multiplies `data`. */
  function inferFeatureCount(): number {
    for (const step of steps) {
      const node = nodes[step.node]!;
      if (step.inputs[0] !== dataNode) continue;
      const operand = constants.get(step.inputs[1]!);
      if (!operand || operand.shape.length !== 2) continue;
      const attrs = new Attrs(node.attrs ?? {});
      if (node.op === "FullyConnected") return operand.shape[1]!;
      if (node.op === "dot" && !attrs.bool("transpose_a", false)) {
        return attrs.bool("transpose_b", false) ? operand.shape[1]! : operand.shape[0]!;
      }
    }
    const declared = new Attrs(nodes[dataNode]!.attrs ?? {}).tuple("__shape__");
    if (declared && declared.length === 2 && declared[1]! > 0) return declared[1]!;
    const weights = [...constants.values()].map((t) => shapeText(t.shape)).join(", ");
    return fail(
      `cannot tell how many features 'data' has: no dot/FullyConnected applies a parameter to it (parameters: ${weights})`,
    );
  }
}
