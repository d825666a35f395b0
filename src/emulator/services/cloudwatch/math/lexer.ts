/**
 * Tokens of a metric math expression: numbers, Ids (lowercase first letter), capitalised words
 * (functions, AND, OR, REPEAT, LINEAR…), quoted strings, operators and punctuation.
 */
import { MathError } from "./errors";

export type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "id"; text: string; at: number }
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "op"; text: string; at: number }
  | { kind: "end"; at: number };

const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const ID = /^[a-z][a-zA-Z0-9_]*/;
const WORD = /^[A-Z][a-zA-Z0-9_]*/;
/** Longest first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "^", "<", ">", "(", ")", "[", "]", ","];
/** Straight and typographic quotes (the console and the documentation use both). */
const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’" };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), at });
      at += number[0].length;
      continue;
    }
    const id = ID.exec(rest);
    if (id) {
      tokens.push({ kind: "id", text: id[0], at });
      at += id[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: "word", text: word[0], at });
      at += word[0].length;
      continue;
    }
    const close = QUOTES[rest[0]!];
    if (close !== undefined) {
      const end = rest.indexOf(close, 1);
      if (end < 0) throw new MathError(`Unterminated string starting at position ${at + 1}.`);
      tokens.push({ kind: "string", text: rest.slice(1, end), at });
      at += end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new MathError(`Unexpected character '${rest[0]}' at position ${at + 1}.`);
    tokens.push({ kind: "op", text: op, at });
    at += op.length;
  }
  tokens.push({ kind: "end", at });
  return tokens;
}
