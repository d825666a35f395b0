import { ArtifactError } from "../errors";

/**
 * Checks an archive member's path and returns it in canonical form (no leading
 * `./`), or `null` for a directory entry. Rejects anything that could escape
 * the extraction directory or is ambiguous: absolute paths, drive letters,
 * backslashes, `..` components, NUL bytes and empty names.
 */
export function safeEntryName(raw: string, archive: string): string | null {
  const fail = (why: string): never => {
    throw new ArtifactError(`${archive}: entry ${JSON.stringify(raw)} rejected: ${why}`);
  };
  if (raw.length === 0) fail("empty name");
  if (raw.includes("\0")) fail("name contains a NUL byte");
  if (raw.includes("\\")) fail("name contains a backslash");
  if (raw.startsWith("/")) fail("absolute path");
  if (/^[A-Za-z]:/.test(raw)) fail("absolute path (drive letter)");
  const isDirectory = raw.endsWith("/");
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) fail("path contains '..'");
  if (isDirectory || parts.length === 0) return null;
  return parts.join("/");
}
