/**
 * A timestamp member of a SageMaker input, which the JSON protocol carries as epoch seconds (its
 * behaviours receive the JSON as sent; CloudWatch's are decoded by shape, protocols/shapes.ts).
 */
import type { ServiceError } from "../errors";

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
