/**
 * The model data each fleet loaded, kept in the state directory as an instance keeps its copy:
 * a restarted emulator relaunches a serving fleet from what it had loaded even if the S3 object
 * is gone since (AWS keeps serving such an endpoint), so a restart does not change an outcome.
 * Files are named by the SHA-256 of the URL; copies no endpoint refers to are removed at start.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import { ensureDir, listFiles, writeFileAtomic } from "../store/files";

const nameOf = (url: string) => createHash("sha256").update(url).digest("hex");

export class LoadedArtifacts {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<LoadedArtifacts> {
    await ensureDir(dir);
    return new LoadedArtifacts(dir);
  }

  keep(url: string, artifact: Uint8Array): Promise<void> {
    return writeFileAtomic(join(this.dir, nameOf(url)), artifact);
  }

  /** The copy loaded from `url`, if any; throws if one is there but cannot be read. */
  loaded(url: string): Promise<Buffer | undefined> {
    return fs.readFile(join(this.dir, nameOf(url))).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    });
  }

  /** Removes the copies of URLs not in `urls`. */
  async retain(urls: Iterable<string>): Promise<void> {
    const wanted = new Set([...urls].map(nameOf));
    for (const name of await listFiles(this.dir))
      if (!wanted.has(name)) await fs.rm(join(this.dir, name), { force: true });
  }
}
