/**
 * What a rerun must decide: does the resource that exists match the request?
 * Every member the request sets is compared with the same member of the
 * Describe* answer (which mirrors the Create* input); members the request
 * leaves out are AWS's defaults and not compared. Tags are bookkeeping, not
 * configuration.
 */

const IGNORED = new Set(["Tags"]);

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Date) && !(x instanceof Uint8Array);
}

/** Paths (e.g. `PrimaryContainer.Image`, `ProductionVariants[0].InitialInstanceCount`) where `described` differs from `requested`. */
export function differences(requested: unknown, described: unknown, path = ""): string[] {
  if (requested === undefined) return [];
  if (Array.isArray(requested)) {
    const other = Array.isArray(described) ? described : [];
    if (other.length !== requested.length) return [path];
    return requested.flatMap((item, i) => differences(item, other[i], `${path}[${i}]`));
  }
  if (isRecord(requested)) {
    const other = isRecord(described) ? described : {};
    return Object.entries(requested)
      .filter(([key]) => !(path === "" && IGNORED.has(key)))
      .flatMap(([key, value]) => differences(value, other[key], path ? `${path}.${key}` : key));
  }
  return requested === described ? [] : [path];
}
