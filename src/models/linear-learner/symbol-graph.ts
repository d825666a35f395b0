/**
 * The MXNet symbol-graph JSON (`mx-mod-symbol.json`) as a typed structure,
 * and a validating parser for graphs written by any MXNet 0.x/1.x:
 * node attributes may be under `attrs` (1.x), `attr` (0.x) or `param` (older);
 * input entries may be `[node, output]` or `[node, output, version]`.
 */
import { failingIn, parseArtifactJson } from "../errors";

/** `[node index, output index, version]`. */
export type NodeEntry = [number, number, number];

export interface SymbolNode {
  op: string;
  name: string;
  attrs?: Record<string, string>;
  inputs: NodeEntry[];
}

export interface SymbolGraph {
  nodes: SymbolNode[];
  arg_nodes: number[];
  node_row_ptr: number[];
  heads: NodeEntry[];
  attrs: { mxnet_version: ["int", number] };
}

export function parseSymbolGraph(text: string, file: string): SymbolGraph {
  const fail = failingIn(file);
  const json = parseArtifactJson(text, file);
  if (!isObject(json) || !Array.isArray(json.nodes)) return fail(`not an MXNet symbol graph: no "nodes" array`);
  const nodes = json.nodes.map((raw: unknown, i: number): SymbolNode => {
    if (!isObject(raw) || typeof raw.op !== "string" || typeof raw.name !== "string") {
      return fail(`node ${i} is not an object with string "op" and "name"`);
    }
    const attrs = raw.attrs ?? raw.attr ?? raw.param;
    if (attrs !== undefined && (!isObject(attrs) || Object.values(attrs).some((v) => typeof v !== "string"))) {
      return fail(`node ${i} (${raw.name}) has attributes that are not a map of strings`);
    }
    const inputs = raw.inputs ?? [];
    if (!Array.isArray(inputs)) return fail(`node ${i} (${raw.name}) has a non-array "inputs"`);
    const node = `node ${i} (${raw.name})`;
    const entries = inputs.map((e: unknown) => entry(e, i, node));
    return {
      op: raw.op,
      name: raw.name,
      ...(attrs ? { attrs: attrs as Record<string, string> } : {}),
      inputs: entries,
    };
  });
  if (!Array.isArray(json.heads) || json.heads.length === 0) return fail(`no "heads" (graph outputs)`);
  const heads = json.heads.map((e: unknown) => entry(e, nodes.length, "heads"));
  const argNodes = Array.isArray(json.arg_nodes) ? json.arg_nodes : [];
  const version =
    isObject(json.attrs) && Array.isArray(json.attrs.mxnet_version) ? Number(json.attrs.mxnet_version[1]) : 0;
  return {
    nodes,
    arg_nodes: argNodes as number[],
    node_row_ptr: Array.isArray(json.node_row_ptr) ? (json.node_row_ptr as number[]) : [],
    heads,
    attrs: { mxnet_version: ["int", version] },
  };

  /** An input must refer to an earlier node: MXNet saves graphs in topological order. */
  function entry(e: unknown, before: number, where: string): NodeEntry {
    if (!Array.isArray(e) || e.length < 2 || e.length > 3 || !e.every((x) => Number.isInteger(x))) {
      return fail(`${where} has a malformed input entry ${JSON.stringify(e)}`);
    }
    const [node, output, version = 0] = e as number[];
    if (node! < 0 || node! >= before) return fail(`${where} refers to node ${node}, which does not precede it`);
    return [node!, output!, version];
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
