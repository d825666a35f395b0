import { ArtifactError } from "../../../src/models/errors";
import { parseSymbolGraph } from "../../../src/models/linear-learner/symbol-graph";

describe("parseSymbolGraph", () => {
  it("accepts the MXNet 0.x spelling: `attr`, two-element inputs, no node_row_ptr", () => {
    const text = JSON.stringify({
      nodes: [
        { op: "null", name: "data", inputs: [] },
        { op: "clip", name: "clip0", attr: { a_min: "0", a_max: "1" }, inputs: [[0, 0]] },
      ],
      arg_nodes: [0],
      heads: [[1, 0]],
    });
    const graph = parseSymbolGraph(text, "s.json");
    expect(graph.nodes[1]).toEqual({
      op: "clip",
      name: "clip0",
      attrs: { a_min: "0", a_max: "1" },
      inputs: [[0, 0, 0]],
    });
    expect(graph.heads).toEqual([[1, 0, 0]]);
  });

  it.each([
    ["not json", /s\.json: not valid JSON/],
    [JSON.stringify({ heads: [] }), /not an MXNet symbol graph: no "nodes" array/],
    [
      JSON.stringify({ nodes: [{ op: "null" }], heads: [[0, 0, 0]] }),
      /node 0 is not an object with string "op" and "name"/,
    ],
    [
      JSON.stringify({ nodes: [{ op: "exp", name: "e", inputs: [[0, 0, 0]] }], heads: [[0, 0, 0]] }),
      /node 0 \(e\) refers to node 0, which does not precede it/,
    ],
    [JSON.stringify({ nodes: [{ op: "null", name: "data", inputs: [] }], heads: [] }), /no "heads"/],
    [
      JSON.stringify({ nodes: [{ op: "null", name: "d", attrs: { x: 1 }, inputs: [] }], heads: [[0, 0, 0]] }),
      /attributes that are not a map of strings/,
    ],
  ])("rejects %s", (text, message) => {
    const f = () => parseSymbolGraph(text, "s.json");
    expect(f).toThrow(ArtifactError);
    expect(f).toThrow(message);
  });
});
