/** The metric math grammar: precedence, associativity, operands, and the syntax errors it names. */
import {
  parse,
  references,
  callsMetrics,
  type Node,
} from "../../../../../src/emulator/services/cloudwatch/math/parser";

/** A node written back with full parentheses, to read the tree the parser built. */
function show(n: Node): string {
  switch (n.type) {
    case "number":
      return String(n.value);
    case "ref":
      return n.id;
    case "string":
      return JSON.stringify(n.text);
    case "keyword":
      return n.word;
    case "list":
      return `[${n.items.map(show).join(", ")}]`;
    case "call":
      return `${n.name}(${n.args.map(show).join(", ")})`;
    case "negate":
      return `(-${show(n.operand)})`;
    case "binary":
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
  }
}

const tree = (source: string) => show(parse(source));

describe("the metric math parser", () => {
  it("binds ^ tighter than unary minus, then * /, then + -, then comparisons, then AND, then OR", () => {
    expect(tree("100 * m1 / m2")).toBe("((100 * m1) / m2)");
    expect(tree("m1 + m2 * 2 - 1")).toBe("((m1 + (m2 * 2)) - 1)");
    expect(tree("-m1 ^ 2")).toBe("(-(m1 ^ 2))");
    expect(tree("2 ^ 3 ^ 2")).toBe("(2 ^ (3 ^ 2))");
    expect(tree("2 ^ -1")).toBe("(2 ^ (-1))");
    expect(tree("m1 > 15 AND m2 > 15 OR m3 == 0")).toBe("(((m1 > 15) && (m2 > 15)) || (m3 == 0))");
    expect(tree("m1 >= 1 && m2 != 2 || m3 <= 3")).toBe("(((m1 >= 1) && (m2 != 2)) || (m3 <= 3))");
    expect(tree("(m1 + m2) * 2")).toBe("((m1 + m2) * 2)");
  });

  it("reads numbers, Ids, strings in either quote, lists, calls and bare words", () => {
    expect(tree("1.5e3 + .5 + 7.")).toBe("((1500 + 0.5) + 7)");
    expect(tree(`SUM([m1, m_2]) + SUM(METRICS("4xx")) + SUM(METRICS('5xx'))`)).toBe(
      `((SUM([m1, m_2]) + SUM(METRICS("4xx"))) + SUM(METRICS("5xx")))`,
    );
    expect(tree("FILL(METRICS(), LINEAR)")).toBe("FILL(METRICS(), LINEAR)");
    expect(tree("IF(m1 < 400, m1)")).toBe("IF((m1 < 400), m1)");
  });

  it("lists the Ids an expression names and whether it calls METRICS()", () => {
    const node = parse("IF(errors > 0, 100 * errors / requests, FILL(other, 0))");
    expect(references(node)).toEqual(["errors", "errors", "requests", "other"]);
    expect(callsMetrics(node)).toBe(false);
    expect(callsMetrics(parse("m1 / SUM(METRICS('x'))"))).toBe(true);
  });

  it("names what it could not read, and where", () => {
    const error = (source: string) => {
      try {
        parse(source);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${source} parsed`);
    };
    expect(error("")).toBe("Unexpected end of expression.");
    expect(error("m1 +")).toBe("Unexpected end of expression.");
    expect(error("(m1 + m2")).toBe("Unexpected end of expression.");
    expect(error("m1 m2")).toBe("Unexpected 'm2' at position 4.");
    expect(error("SUM(m1,)")).toBe("Unexpected ')' at position 8.");
    expect(error("m1 = 2")).toBe("Unexpected character '=' at position 4.");
    expect(error("METRICS('x)")).toBe("Unterminated string starting at position 9.");
  });
});
