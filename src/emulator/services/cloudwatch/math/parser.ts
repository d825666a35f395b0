/**
 * The metric math grammar, loosest binding first:
 *   OR ||  ·  AND &&  ·  == != < > <= >=  ·  + -  ·  * /  ·  unary -  ·  ^ (right-associative)
 * Operands: numbers, Ids, quoted strings, `[a, b, …]` lists, `FUNCTION(args)` and bare uppercase
 * words (REPEAT, LINEAR as FILL's arguments).
 */
import { MathError } from "./errors";
import { tokenize, type Token } from "./lexer";

export type BinaryOperator = "+" | "-" | "*" | "/" | "^" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "&&" | "||";

export type Node =
  | { type: "number"; value: number }
  | { type: "ref"; id: string }
  | { type: "string"; text: string }
  | { type: "keyword"; word: string }
  | { type: "list"; items: Node[] }
  | { type: "call"; name: string; args: Node[] }
  | { type: "negate"; operand: Node }
  | { type: "binary"; op: BinaryOperator; left: Node; right: Node };

const LEVELS: readonly (readonly string[])[] = [
  ["||", "OR"],
  ["&&", "AND"],
  ["==", "!=", "<", ">", "<=", ">="],
  ["+", "-"],
  ["*", "/"],
];
const SPELLED: Record<string, BinaryOperator> = { OR: "||", AND: "&&" };

export function parse(source: string): Node {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token => tokens[i]!;
  const describe = (t: Token) =>
    t.kind === "end"
      ? "end of expression"
      : `'${t.kind === "number" ? String(t.value) : t.text}' at position ${t.at + 1}`;
  const unexpected = (t: Token) => new MathError(`Unexpected ${describe(t)}.`);
  const operatorAt = (level: readonly string[]): string | undefined => {
    const t = peek();
    return (t.kind === "op" || t.kind === "word") && level.includes(t.text) ? t.text : undefined;
  };
  const expect = (text: string) => {
    const t = peek();
    if (t.kind !== "op" || t.text !== text) throw unexpected(t);
    i++;
  };

  function binary(level: number): Node {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    for (let op = operatorAt(LEVELS[level]!); op !== undefined; op = operatorAt(LEVELS[level]!)) {
      i++;
      left = { type: "binary", op: SPELLED[op] ?? (op as BinaryOperator), left, right: binary(level + 1) };
    }
    return left;
  }

  function unary(): Node {
    const t = peek();
    if (t.kind === "op" && (t.text === "-" || t.text === "+")) {
      i++;
      const operand = unary();
      return t.text === "-" ? { type: "negate", operand } : operand;
    }
    const base = primary();
    if (operatorAt(["^"])) {
      i++;
      return { type: "binary", op: "^", left: base, right: unary() };
    }
    return base;
  }

  function list(close: string): Node[] {
    const items: Node[] = [];
    if (operatorAt([close])) return items;
    items.push(binary(0));
    while (operatorAt([","])) {
      i++;
      items.push(binary(0));
    }
    return items;
  }

  function primary(): Node {
    const t = peek();
    i++;
    switch (t.kind) {
      case "number":
        return { type: "number", value: t.value };
      case "id":
        return { type: "ref", id: t.text };
      case "string":
        return { type: "string", text: t.text };
      case "word":
        if (!operatorAt(["("])) return { type: "keyword", word: t.text };
        i++;
        {
          const args = list(")");
          expect(")");
          return { type: "call", name: t.text, args };
        }
      case "op":
        if (t.text === "(") {
          const inner = binary(0);
          expect(")");
          return inner;
        }
        if (t.text === "[") {
          const items = list("]");
          expect("]");
          return { type: "list", items };
        }
    }
    throw unexpected(t);
  }

  const root = binary(0);
  if (peek().kind !== "end") throw unexpected(peek());
  return root;
}

/** The Ids an expression names (for the dependency graph). */
export function references(node: Node): string[] {
  switch (node.type) {
    case "ref":
      return [node.id];
    case "list":
      return node.items.flatMap(references);
    case "call":
      return node.args.flatMap(references);
    case "negate":
      return references(node.operand);
    case "binary":
      return [...references(node.left), ...references(node.right)];
    default:
      return [];
  }
}

/** Whether the expression calls METRICS() (which depends on every metric of the request). */
export function callsMetrics(node: Node): boolean {
  switch (node.type) {
    case "call":
      return node.name === "METRICS" || node.args.some(callsMetrics);
    case "list":
      return node.items.some(callsMetrics);
    case "negate":
      return callsMetrics(node.operand);
    case "binary":
      return callsMetrics(node.left) || callsMetrics(node.right);
    default:
      return false;
  }
}
