/**
 * Input values whose wire type depends on the protocol: JSON sends numbers and epoch-second
 * timestamps, the query protocol sends every value as a string and timestamps as ISO 8601.
 */
import { ServiceError } from "../errors";

export function toMillis(value: unknown, invalid: (v: unknown) => ServiceError): number {
  if (typeof value === "number") return value * 1000;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw invalid(value);
}

export function toNumber(value: unknown, invalid: (v: unknown) => ServiceError): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n === "number" && Number.isFinite(n)) return n;
  throw invalid(value);
}

export function toList<T>(value: unknown): T[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? (value as T[]) : [value as T];
}
