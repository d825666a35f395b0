/**
 * A model artifact that cannot be loaded. The message names the file inside
 * the archive (e.g. `model.tar.gz → model_algo-1 → mx-mod-0000.params`) and
 * what is wrong with it, so a failed endpoint can say exactly why.
 */
export class ArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArtifactError";
  }
}

/** Joins the nested file names of an artifact into one location for messages. */
export function artifactPath(...parts: string[]): string {
  return parts.join(" → ");
}

/** The first bytes of a buffer in hex, to show what a file really starts with. */
export function hexPrefix(bytes: Uint8Array, count = 4): string {
  if (bytes.length === 0) return "(empty)";
  return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, "0")).join(" ");
}
