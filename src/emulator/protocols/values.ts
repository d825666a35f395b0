/** Shapes values for a wire format: timestamps are the only type JSON and XML write differently. */
import { byName } from "../names";

export type DateFormat = (d: Date) => string | number;

export const epochSeconds: DateFormat = (d) => d.getTime() / 1000;
export const iso8601: DateFormat = (d) => d.toISOString();

/** Deep copy with Dates formatted, Maps as objects and undefined members dropped. */
export function formatDates(value: unknown, format: DateFormat): unknown {
  if (value instanceof Date) return format(value);
  if (value instanceof Map) return formatDates(Object.fromEntries(value), format);
  if (Array.isArray(value)) return value.map((v) => formatDates(v, format));
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    // Own members only, `__proto__` included (a user-named key such as an Environment variable).
    return byName(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, formatDates(v, format)]])));
  }
  return value;
}

/**
 * JSON text of a formatted value (formatDates' output: plain objects, arrays, strings, numbers,
 * booleans). Members named in `floats` are the API model's float members: written with a
 * fraction (`1.0`, not `1`) as AWS writes them, so a Python client reads a float, as it does from
 * AWS.
 */
export function jsonText(value: unknown, floats: ReadonlySet<string>, member?: string): string {
  if (
    typeof value === "number" &&
    member !== undefined &&
    floats.has(member) &&
    Number.isInteger(value) &&
    Math.abs(value) < 1e21
  )
    return `${value}.0`;
  if (Array.isArray(value)) return `[${value.map((v) => jsonText(v, floats, member)).join(",")}]`;
  if (value && typeof value === "object") {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v, floats, k)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
