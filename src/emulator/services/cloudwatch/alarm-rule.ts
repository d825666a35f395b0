/**
 * The AlarmRule language of composite alarms, as CloudWatch's API reference documents it:
 * ALARM(x), OK(x) and INSUFFICIENT_DATA(x) – true when alarm x (a name or an ARN, quoted with
 * double quotes or not) is in that state – TRUE, FALSE, NOT, AND, OR and parentheses. NOT binds
 * tightest, then AND, then OR (inferred: the usual precedence; the reference gives none). At
 * most 100 distinct child alarms and 500 elements (child alarms, TRUE/FALSE and parentheses).
 * Keywords are read in any case (the reference writes both `FALSE` and `false`).
 */
import type { StateValue } from "./alarm-store";
import { cwErrors } from "./errors";

export type Rule =
  | { kind: "state"; state: StateValue; alarm: string }
  | { kind: "constant"; value: boolean }
  | { kind: "not"; operand: Rule }
  | { kind: "and" | "or"; left: Rule; right: Rule };

export const MAX_CHILDREN = 100;
export const MAX_ELEMENTS = 500;

const FUNCTIONS: readonly StateValue[] = ["ALARM", "OK", "INSUFFICIENT_DATA"];

type Token = { text: string; at: number };

// Wording inferred: CloudWatch answers a rule it cannot read with a ValidationError.
const invalid = (detail: string) => cwErrors.validationError(`Error in alarm rule: ${detail}.`);

class Parser {
  private at = 0;
  elements = 0;

  constructor(private readonly text: string) {}

  parse(): Rule {
    const rule = this.or();
    const extra = this.next();
    if (extra) throw invalid(`unexpected "${extra.text}" at position ${extra.at + 1}`);
    return rule;
  }

  private or(): Rule {
    let left = this.and();
    while (this.takeKeyword("OR")) left = { kind: "or", left, right: this.and() };
    return left;
  }

  private and(): Rule {
    let left = this.unary();
    while (this.takeKeyword("AND")) left = { kind: "and", left, right: this.unary() };
    return left;
  }

  private unary(): Rule {
    return this.takeKeyword("NOT") ? { kind: "not", operand: this.unary() } : this.primary();
  }

  private primary(): Rule {
    const token = this.next();
    if (!token) throw invalid("the rule ends where an alarm state, TRUE, FALSE or a parenthesis is expected");
    if (token.text === "(") {
      const rule = this.or();
      this.expect(")");
      this.elements += 2;
      return rule;
    }
    const word = token.text.toUpperCase();
    if (word === "TRUE" || word === "FALSE") {
      this.elements += 1;
      return { kind: "constant", value: word === "TRUE" };
    }
    const state = FUNCTIONS.find((f) => f === word);
    if (!state) throw invalid(`unexpected "${token.text}" at position ${token.at + 1}`);
    this.expect("(");
    const alarm = this.argument();
    this.expect(")");
    this.elements += 1;
    return { kind: "state", state, alarm };
  }

  /** An alarm name or ARN: in double quotes, or everything up to the closing parenthesis. */
  private argument(): string {
    this.skipSpace();
    const start = this.at;
    let name: string;
    if (this.text[this.at] === '"') {
      const end = this.text.indexOf('"', start + 1);
      if (end < 0) throw invalid(`unterminated quote at position ${start + 1}`);
      name = this.text.slice(start + 1, end);
      this.at = end + 1;
    } else {
      const end = this.text.indexOf(")", start);
      name = (end < 0 ? this.text.slice(start) : this.text.slice(start, end)).trim();
      this.at = end < 0 ? this.text.length : end;
    }
    if (name === "") throw invalid(`missing alarm name at position ${start + 1}`);
    return name;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token?.text !== text)
      throw invalid(token ? `expected "${text}" at position ${token.at + 1}` : `expected "${text}" at the end`);
  }

  private takeKeyword(keyword: string): boolean {
    const save = this.at;
    const token = this.next();
    if (token && token.text.toUpperCase() === keyword) return true;
    this.at = save;
    return false;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private next(): Token | undefined {
    this.skipSpace();
    if (this.at >= this.text.length) return undefined;
    const at = this.at;
    const c = this.text[at]!;
    if (c === "(" || c === ")") {
      this.at++;
      return { text: c, at };
    }
    const word = /^[A-Za-z_]+/.exec(this.text.slice(at))?.[0];
    if (!word) throw invalid(`unexpected "${c}" at position ${at + 1}`);
    this.at += word.length;
    return { text: word, at };
  }
}

/** Parses a rule and checks its documented limits. */
export function parseRule(text: string): Rule {
  const parser = new Parser(text);
  const rule = parser.parse();
  if (parser.elements > MAX_ELEMENTS)
    throw invalid(`the rule has ${parser.elements} elements; at most ${MAX_ELEMENTS} are allowed`);
  if (new Set(references(rule)).size > MAX_CHILDREN) throw invalid(`the rule names more than ${MAX_CHILDREN} alarms`);
  return rule;
}

/** The alarms a rule names (names or ARNs as written), in order, repeats included. */
export function references(rule: Rule): string[] {
  switch (rule.kind) {
    case "state":
      return [rule.alarm];
    case "constant":
      return [];
    case "not":
      return references(rule.operand);
    default:
      return [...references(rule.left), ...references(rule.right)];
  }
}

export function holds(rule: Rule, stateOf: (alarm: string) => StateValue | undefined): boolean {
  switch (rule.kind) {
    case "state":
      return stateOf(rule.alarm) === rule.state;
    case "constant":
      return rule.value;
    case "not":
      return !holds(rule.operand, stateOf);
    case "and":
      return holds(rule.left, stateOf) && holds(rule.right, stateOf);
    case "or":
      return holds(rule.left, stateOf) || holds(rule.right, stateOf);
  }
}
