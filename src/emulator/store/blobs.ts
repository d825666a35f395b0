/**
 * Immutable byte blobs (S3 object bodies) under random ids. A new version is written to a new
 * blob before the metadata that points to it, so a crash leaves at worst an unreferenced blob,
 * which `sweep` removes at start-up.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { ensureDir, listFiles, removeFile, syncDir, writeFileAtomic } from "./files";

const ID = /^[0-9a-f]{32}$/;

export class BlobStore {
  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<BlobStore> {
    await ensureDir(dir);
    return new BlobStore(dir);
  }

  async write(data: Uint8Array): Promise<string> {
    const id = randomBytes(16).toString("hex");
    await writeFileAtomic(this.path(id), data);
    return id;
  }

  /** Takes a synced file (a staged request body) as a new blob: renamed into place, so whole or not at all. */
  async adopt(file: string): Promise<string> {
    const id = randomBytes(16).toString("hex");
    await fs.rename(file, this.path(id));
    await syncDir(this.dir);
    return id;
  }

  /** A new blob with the bytes of `source`, streamed through a temp file (removed on failure). */
  async writeFrom(source: AsyncIterable<Uint8Array>): Promise<string> {
    const tmp = join(this.dir, `${randomBytes(16).toString("hex")}.tmp`);
    try {
      const handle = await fs.open(tmp, "wx", 0o600);
      try {
        for await (const chunk of source) await handle.write(chunk);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return await this.adopt(tmp);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  read(id: string): Promise<Buffer> {
    return fs.readFile(this.path(id));
  }

  /** An open handle: its bytes stay readable after the blob is replaced or removed. */
  open(id: string): Promise<FileHandle> {
    return fs.open(this.path(id), "r");
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
