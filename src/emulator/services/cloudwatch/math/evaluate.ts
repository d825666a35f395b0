/** Evaluates a parsed metric math expression over the series of one request. */
import { MathError } from "./errors";
import { functionNamed, type Context } from "./functions";
import type { BinaryOperator, Node } from "./parser";
import { array, combine, scalar, type Series, type Value } from "./values";

export interface Scope extends Context {
  /** The value of another query of the request, by Id. */
  resolve: (id: string) => Value;
}

const truth = (v: boolean) => (v ? 1 : 0);

const OPERATIONS: Record<BinaryOperator, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
  "^": (a, b) => a ** b,
  "==": (a, b) => truth(a === b),
  "!=": (a, b) => truth(a !== b),
  "<": (a, b) => truth(a < b),
  ">": (a, b) => truth(a > b),
  "<=": (a, b) => truth(a <= b),
  ">=": (a, b) => truth(a >= b),
  "&&": (a, b) => truth(a !== 0 && b !== 0),
  "||": (a, b) => truth(a !== 0 || b !== 0),
};

export function evaluate(node: Node, scope: Scope, argument = false): Value {
  switch (node.type) {
    case "number":
      return scalar(node.value);
    case "ref":
      return scope.resolve(node.id);
    case "string":
    case "keyword":
      // Strings and words (REPEAT, LINEAR) are only ever a function's arguments.
      if (!argument)
        throw new MathError(`Unexpected ${node.type === "string" ? `string "${node.text}"` : `word ${node.word}`}.`);
      return node.type === "string" ? { kind: "string", text: node.text } : { kind: "keyword", word: node.word };
    case "list":
      return array(node.items.flatMap((item) => listItems(evaluate(item, scope))));
    case "call": {
      const f = functionNamed(node.name);
      return f(
        node.args.map((arg) => evaluate(arg, scope, true)),
        scope,
      );
    }
    case "negate":
      return combine(evaluate(node.operand, scope), scalar(-1), OPERATIONS["*"], "-", scope.dropped);
    case "binary":
      return combine(
        evaluate(node.left, scope),
        evaluate(node.right, scope),
        OPERATIONS[node.op],
        node.op,
        scope.dropped,
      );
  }
}

/** A list `[a, b]` holds time series; an array inside it is spread (`[METRICS("4xx"), METRICS("5xx")]`). */
function listItems(v: Value): Series[] {
  if (v.kind === "series") return [v.series];
  if (v.kind === "array") return v.items;
  throw new MathError("A list [ … ] may hold only time series and arrays of time series.");
}
