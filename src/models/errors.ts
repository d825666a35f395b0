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

/** A thrower bound to one file of an artifact: `fail("why")` raises `ArtifactError("<file>: why")`. */
export function failingIn(file: string): (why: string) => never {
  return (why) => {
    throw new ArtifactError(`${file}: ${why}`);
  };
}

/** Parses a JSON file of an artifact, naming the file if it is not JSON. */
export function parseArtifactJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return failingIn(file)(`not valid JSON (${(err as Error).message})`);
  }
}
