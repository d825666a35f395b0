/**
 * A durable queue of JSON entries: the write-ahead journal that makes a capture record survive a
 * crash between the moment it is acknowledged and the moment its file is in S3.
 *
 * - `append` resolves once the entry is written and fdatasynced. Appends that arrive while a
 *   write is in flight are written together (group commit), so concurrent requests share an
 *   fsync instead of queueing one each.
 * - Entries go to the current segment file. `seal` closes it (after every append already queued)
 *   and hands back exactly the entries acknowledged in it, in order; new appends start a new
 *   segment. Once a sealed segment's entries are delivered, `release` deletes its file.
 * - `open` returns the segments a previous process left behind (sealed or not) for redelivery. A
 *   segment on disk holds the same complete lines, in the same order, as its live delivery saw,
 *   so redelivery can be made idempotent; a line torn by a crash mid-append was never
 *   acknowledged and is skipped.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { errorText } from "../log";
import { ensureDir, listFiles, removeFile, syncDir } from "../store/files";

export interface Segment<T> {
  /** Unique across restarts: the segment file's name. */
  id: string;
  entries: T[];
}

interface OpenSegment<T> extends Segment<T> {
  handle: FileHandle;
  size: number;
}

interface Queued<T> {
  entry: T;
  resolve(): void;
  reject(error: unknown): void;
}

const SUFFIX = ".journal";

export class Journal<T> {
  private current: OpenSegment<T> | undefined;
  private queue: Queued<T>[] = [];
  /** Every file operation runs on this chain, one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private sequence: number,
  ) {}

  static async open<T>(dir: string): Promise<{ journal: Journal<T>; recovered: Segment<T>[] }> {
    await ensureDir(dir);
    const names = (await listFiles(dir)).filter((n) => n.endsWith(SUFFIX)).sort();
    const recovered: Segment<T>[] = [];
    for (const name of names) {
      const entries: T[] = [];
      for (const line of (await fs.readFile(join(dir, name), "utf8")).split("\n")) {
        try {
          entries.push(JSON.parse(line) as T);
        } catch {
          // the empty tail, or a line torn by a crash mid-append (never acknowledged)
        }
      }
      recovered.push({ id: name.slice(0, -SUFFIX.length), entries });
    }
    const last = names.length ? Number.parseInt(names.at(-1)!, 10) : 0;
    return { journal: new Journal<T>(dir, Number.isFinite(last) ? last + 1 : 0), recovered };
  }

  append(entry: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the capture journal is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.queue.length === 1) void this.run(() => this.writeQueued());
    });
  }

  /** Closes the current segment and returns it, or undefined when nothing was appended since the last seal. */
  seal(): Promise<Segment<T> | undefined> {
    return this.run(async () => {
      const segment = this.current;
      if (!segment) return undefined;
      this.current = undefined;
      await segment.handle.close();
      return { id: segment.id, entries: segment.entries };
    });
  }

  /** Deletes a sealed or recovered segment whose entries have been delivered. */
  release(segment: Segment<T>): Promise<void> {
    return this.run(() => removeFile(this.path(segment.id)));
  }

  /** Waits for queued appends and closes the file. A segment still holding entries stays for the next `open`. */
  async close(): Promise<void> {
    this.closed = true;
    await this.run(async () => {
      await this.current?.handle.close();
      this.current = undefined;
    });
  }

  private run<R>(step: () => Promise<R>): Promise<R> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => {});
    return next;
  }

  private async writeQueued(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const segment = this.current ?? (this.current = await this.createSegment());
      const text = batch.map((q) => `${JSON.stringify(q.entry)}\n`).join("");
      try {
        await segment.handle.appendFile(text);
        await segment.handle.datasync();
      } catch (e) {
        // Cut a partial write off, so the file keeps only acknowledged lines; the records are
        // refused either way, and the writer logs why (both failures, when the cut fails too).
        await segment.handle.truncate(segment.size).catch((cut: unknown) => {
          throw new AggregateError(
            [e, cut],
            `${errorText(e)}; the partial line could not be cut off: ${errorText(cut)}`,
          );
        });
        throw e;
      }
      segment.size += Buffer.byteLength(text);
      for (const q of batch) segment.entries.push(q.entry);
      for (const q of batch) q.resolve();
    } catch (e) {
      for (const q of batch) q.reject(e);
    }
  }

  private async createSegment(): Promise<OpenSegment<T>> {
    // Zero-padded sequence first, so names sort in creation order; random tail, so ids never repeat.
    const id = `${String(this.sequence++).padStart(12, "0")}-${randomBytes(4).toString("hex")}`;
    const handle = await fs.open(this.path(id), "ax", 0o600);
    await syncDir(this.dir);
    return { id, entries: [], handle, size: 0 };
  }

  private path(id: string): string {
    return join(this.dir, `${id}${SUFFIX}`);
  }
}
