/**
 * The API models' number types, checked in this one place for every service. An `Integer` member
 * is a 32-bit signed integer, a `Long` a 64-bit one (exact here up to 2^53), a `Float` / `Double`
 * finite: `1e309` parses as Infinity in JSON, and a value the type cannot hold does not deserialise
 * on AWS, so it never reaches a service's range checks (each service answers it in its own words).
 */
export type NumberType = "Integer" | "Long" | "Double";

export const INTEGER_MIN = -(2 ** 31);
export const INTEGER_MAX = 2 ** 31 - 1;

/** Whether `n` is a value of the model type `type`. */
export function fitsType(n: number, type: NumberType): boolean {
  if (!Number.isFinite(n)) return false;
  if (type === "Double") return true;
  if (!Number.isInteger(n)) return false;
  return type === "Integer" ? n >= INTEGER_MIN && n <= INTEGER_MAX : Number.isSafeInteger(n);
}
