/** Shapes values for a wire format: timestamps are the only type JSON and XML write differently. */
export type DateFormat = (d: Date) => string | number;

export const epochSeconds: DateFormat = (d) => d.getTime() / 1000;
export const iso8601: DateFormat = (d) => d.toISOString();

/** Deep copy with Dates formatted, Maps as objects and undefined members dropped. */
export function formatDates(value: unknown, format: DateFormat): unknown {
  if (value instanceof Date) return format(value);
  if (value instanceof Map) return formatDates(Object.fromEntries(value), format);
  if (Array.isArray(value)) return value.map((v) => formatDates(v, format));
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = formatDates(v, format);
    return out;
  }
  return value;
}
