/**
 * Checks on CloudWatch inputs that their shape cannot express: required members, enums, lengths,
 * counts and pages. The inputs arrive typed (protocols/shapes.ts decodes both wire formats by the
 * operation's input shape), so these read members, never convert them.
 */
import { cloudWatchValidator, cwErrors } from "./errors";
import type { Dimension } from "./metric-id";

/** A required member; an empty string is as missing (the query protocol sends `Name=` for one). */
export function required<T, K extends keyof T & string>(input: T, name: K): NonNullable<T[K]> {
  const value = input[name];
  if (value === undefined || value === null || value === "") throw cwErrors.missingParameter(name);
  return value;
}

export function dimensionsOf(dimensions: readonly { Name?: string; Value?: string }[] | undefined): Dimension[] {
  return (dimensions ?? []).map((d) => ({ Name: required(d, "Name"), Value: required(d, "Value") }));
}

/** A positive whole number (EvaluationPeriods, Period, MaxRecords…). */
export function optionalCount<K extends string>(input: { [P in K]?: number }, name: K): number | undefined {
  const n = input[name];
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) throw cwErrors.invalidValue(name)(n);
  return n;
}

export function optionalString<K extends string>(
  input: { [P in K]?: string },
  name: K,
  maxLength = Infinity,
): string | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  const v = cloudWatchValidator();
  v.string(name.charAt(0).toLowerCase() + name.slice(1), value, { max: maxLength });
  v.check();
  return value;
}

export function oneOf<K extends string, T extends string>(
  input: { [P in K]?: string },
  name: K,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(input, name);
  if (value !== undefined && !(allowed as readonly string[]).includes(value)) throw cwErrors.invalidValue(name)(value);
  return value as T | undefined;
}

export function stringList<K extends string>(input: { [P in K]?: string[] }, name: K, max: number): string[] {
  const list = input[name] ?? [];
  if (list.length > max)
    throw cwErrors.invalidParameterValue(`The collection ${name} must not have a size greater than ${max}.`);
  return list;
}

/** Pagination over a sorted list: NextToken is the offset of the next page. */
export function page<T>(
  items: readonly T[],
  input: { MaxRecords?: number; NextToken?: string },
  defaultSize: number,
): { items: T[]; nextToken?: string } {
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
