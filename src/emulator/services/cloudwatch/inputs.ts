/**
 * Reading CloudWatch inputs the same way from both wire formats: the JSON protocol sends typed
 * values, the query protocol sends every value as a string (`Threshold=1.0`, `ActionsEnabled=false`).
 */
import { toList, toNumber } from "../coerce";
import { serializationException } from "../validation";
import { cloudWatchValidator, cwErrors } from "./errors";
import type { Dimension } from "./metric-store";

export type Input = Record<string, unknown>;

/** A required member; `input` may itself be anything a list held (null, a string…): then the member is missing. */
export function required<T>(input: Input, name: string): T {
  const value = input !== null && typeof input === "object" ? input[name] : undefined;
  if (value === undefined || value === null || value === "") throw cwErrors.missingParameter(name);
  return value as T;
}

/** A required string member: JSON of another type does not deserialise (the query protocol sends only strings). */
export function requiredString(input: Input, name: string): string {
  const value = required<unknown>(input, name);
  if (typeof value !== "string") throw serializationException(name);
  return value;
}

/** A list of strings: a member of another JSON type does not deserialise. */
export function strings(input: Input, name: string): string[] {
  const list = toList<unknown>(input[name]);
  if (list.some((v) => typeof v !== "string")) throw serializationException(name);
  return list as string[];
}

export function dimensionsOf(value: unknown): Dimension[] {
  return toList<Input>(value).map((d) => ({ Name: String(required(d, "Name")), Value: String(required(d, "Value")) }));
}

export function optionalNumber(input: Input, name: string): number | undefined {
  const value = input[name];
  return value === undefined || value === null ? undefined : toNumber(value, cwErrors.invalidValue(name));
}

/** A positive whole number (EvaluationPeriods, Period, MaxRecords…). */
export function optionalCount(input: Input, name: string): number | undefined {
  const n = optionalNumber(input, name);
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) throw cwErrors.invalidValue(name)(n);
  return n;
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw cwErrors.invalidValue(name)(value);
}

export function optionalString(input: Input, name: string, maxLength = Infinity): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  // A JSON object or list does not deserialise as a string (a JSON number or boolean reads as its text).
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    throw serializationException(name);
  const text = String(value);
  const v = cloudWatchValidator();
  v.string(name.charAt(0).toLowerCase() + name.slice(1), text, { max: maxLength });
  v.check();
  return text;
}

export function oneOf<T extends string>(input: Input, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(input, name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) throw cwErrors.invalidValue(name)(value);
  return value as T | undefined;
}

export function stringList(input: Input, name: string, max: number): string[] {
  const list = toList<unknown>(input[name]).map(String);
  if (list.length > max)
    throw cwErrors.invalidParameterValue(`The collection ${name} must not have a size greater than ${max}.`);
  return list;
}

/** Pagination over a sorted list: NextToken is the offset of the next page. */
export function page<T>(items: readonly T[], input: Input, defaultSize: number): { items: T[]; nextToken?: string } {
  const size = optionalCount(input, "MaxRecords") ?? defaultSize;
  if (size > 100) throw cwErrors.invalidValue("MaxRecords")(size);
  return pageAt(items, optionalString(input, "NextToken"), size);
}

/** The page of `size` items a NextToken (an offset) points at. */
export function pageAt<T>(
  items: readonly T[],
  token: string | undefined,
  size: number,
): { items: T[]; nextToken?: string } {
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw cwErrors.invalidNextToken();
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
}
