/**
 * Records keyed by names users choose (variants, models, environment variables, S3 metadata):
 * `constructor`, `toString` or `__proto__` must be keys like any other, never Object.prototype's
 * members. Such records have no prototype (`byName`) or are read with `own`, which also holds for
 * records read back from JSON.
 */
export function byName<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** The record's own value under `key` (undefined when it has none, whatever its prototype holds). */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
