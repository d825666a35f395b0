/**
 * A persistent map of JSON documents: one file per entry, named by the SHA-256 of its key so
 * that no key (S3 keys included) can choose a path. All entries are held in memory; every
 * put/delete is written through atomically before it resolves. Writes of one key are serialised
 * so the file always ends as the last call left it.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import { ensureDir, listFiles, removeFile, writeFileAtomic } from "./files";
import type { Quarantine } from "./quarantine";

interface Stored<T> {
  key: string;
  value: T;
}

/** The entry a file holds, or why it holds none. */
function parseStored<T>(text: string): Stored<T> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.trim() === "" ? "empty" : "not JSON";
  }
  const stored = parsed as Partial<Stored<T>> | null;
  if (
    !stored ||
    typeof stored !== "object" ||
    typeof stored.key !== "string" ||
    stored.value === null ||
    typeof stored.value !== "object"
  )
    return "not a record";
  return stored as Stored<T>;
}

export class Collection<T> {
  private readonly entries = new Map<string, T>();
  private readonly pending = new Map<string, Promise<void>>();

  private constructor(private readonly dir: string) {}

  /** Loads every entry; a file that is not one (corrupt, empty, `null`…) goes to `quarantine`. */
  static async open<T>(dir: string, quarantine: Quarantine): Promise<Collection<T>> {
    await ensureDir(dir);
    const collection = new Collection<T>(dir);
    for (const name of await listFiles(dir)) {
      const file = join(dir, name);
      const text = await fs.readFile(file, "utf8");
      const stored = parseStored<T>(text);
      if (typeof stored === "string") await quarantine.move(file, text, stored);
      else collection.entries.set(stored.key, stored.value);
    }
    return collection;
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  values(): IterableIterator<T> {
    return this.entries.values();
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value is serialised first, so one that cannot be written changes nothing; if the write
   * fails, the entry goes back to what it was (unless a later put replaced it meanwhile).
   */
  put(key: string, value: T): Promise<void> {
    const text = JSON.stringify({ key, value } satisfies Stored<T>);
    const had = this.entries.has(key);
    const previous = this.entries.get(key);
    this.entries.set(key, value);
    return this.serialise(key, () => writeFileAtomic(this.file(key), text)).catch((e: unknown) => {
      if (this.entries.get(key) === value) {
        if (had) this.entries.set(key, previous as T);
        else this.entries.delete(key);
      }
      throw e;
    });
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return this.serialise(key, () => removeFile(this.file(key)));
  }

  private file(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  }

  private serialise(key: string, write: () => Promise<void>): Promise<void> {
    const next = (this.pending.get(key) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => {});
    this.pending.set(key, settled);
    void settled.then(() => {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return next;
  }
}
