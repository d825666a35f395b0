/**
 * Immutable byte blobs (S3 object bodies) under random ids. A new version is written to a new
 * blob before the metadata that points to it, so a crash leaves at worst an unreferenced blob,
 * which `sweep` removes at start-up.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import { ensureDir, listFiles, removeFile, writeFileAtomic } from "./files";

const ID = /^[0-9a-f]{32}$/;

export class BlobStore {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<BlobStore> {
    await ensureDir(dir);
    return new BlobStore(dir);
  }

  async write(data: Uint8Array): Promise<string> {
    const id = randomBytes(16).toString("hex");
    await writeFileAtomic(this.path(id), data);
    return id;
  }

  read(id: string): Promise<Buffer> {
    return fs.readFile(this.path(id));
  }

  remove(id: string): Promise<void> {
    return removeFile(this.path(id));
  }

  /** Deletes blobs no metadata refers to (left by a crash between blob and metadata writes). */
  async sweep(referenced: ReadonlySet<string>): Promise<void> {
    for (const name of await listFiles(this.dir)) {
      if (!referenced.has(name)) await fs.rm(join(this.dir, name), { force: true });
    }
  }

  private path(id: string): string {
    if (!ID.test(id)) throw new Error(`invalid blob id ${id}`);
    return join(this.dir, id);
  }
}
