/**
 * Reads a tar stream chunk by chunk, keeping only the members a caller asks for: memory holds one
 * header block and the kept members, never the archive. ustar, GNU and v7 headers are accepted,
 * with PAX (`x`) and GNU long-name (`L`) records. Regular files are reported by name; directories
 * and global PAX headers are skipped; links and devices are rejected, as are unsafe names (see
 * `safeEntryName`). Every failure is an `ArtifactError` naming the archive.
 */
import { ArtifactError } from "../errors";
import { safeEntryName } from "./entry-name";
import type { ArchiveLimits } from "./limits";
import { parseOctal, tarChecksumMatches, TAR_BLOCK as BLOCK } from "./tar-header";

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * Whether to keep a regular file: `order` is the position of its name among the distinct file
 * names met so far (0 for the first), the same for every member of that name.
 */
export type KeepMember = (name: string, order: number) => boolean;

export interface TarMembers {
  /** The kept files by name; of several members with one name the last wins, as on extraction. */
  files: Map<string, Uint8Array>;
  /** Every regular file's name, in the order first met. */
  names: string[];
}

interface Entry {
  name: string;
  size: number;
  /** Where the member's bytes go: a kept file or a metadata record; null when they are skipped. */
  sink: Uint8Array | null;
  filled: number;
  finish: (data: Uint8Array) => void;
}

export class TarReader {
  private readonly files = new Map<string, Uint8Array>();
  private readonly names: string[] = [];
  private readonly order = new Map<string, number>();
  private readonly header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** Bytes of the tar consumed so far (for error messages). */
  private offset = 0;
  private entry: Entry | null = null;
  /** Bytes still to pass over: a skipped member's data, or a member's padding to the next block. */
  private skip = 0;
  private records = 0;
  private total = 0;
  private pending: { path?: string; size?: number } = {};
  private ended = false;

  constructor(
    private readonly archive: string,
    private readonly limits: ArchiveLimits,
    private readonly keep: KeepMember = () => true,
  ) {}

  /** Feeds the next bytes of the tar; anything after the end-of-archive marker is ignored. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && !this.ended) {
      const available = chunk.length - at;
      let n: number;
      if (this.entry) {
        const e = this.entry;
        n = Math.min(e.size - e.filled, available);
        e.sink?.set(chunk.subarray(at, at + n), e.filled);
        e.filled += n;
        if (e.filled === e.size) this.finishEntry();
      } else if (this.skip > 0) {
        n = Math.min(this.skip, available);
        this.skip -= n;
      } else {
        n = Math.min(BLOCK - this.headerFill, available);
        this.header.set(chunk.subarray(at, at + n), this.headerFill);
        this.headerFill += n;
      }
      at += n;
      this.offset += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader(this.header, this.offset - BLOCK);
      }
    }
  }

  /** The members, once the whole tar has been pushed; throws if it was cut short. */
  end(): TarMembers {
    if (this.entry) {
      throw new ArtifactError(
        `${this.archive}: truncated tar: entry ${JSON.stringify(this.entry.name)} declares ${this.entry.size} bytes but only ${this.entry.filled} remain`,
      );
    }
    if (!this.ended) {
      throw new ArtifactError(
        `${this.archive}: truncated tar: ends at byte ${this.offset} without the end-of-archive marker`,
      );
    }
    return { files: this.files, names: this.names };
  }

  private readHeader(h: Uint8Array, at: number): void {
    const archive = this.archive;
    if (h.every((b) => b === 0)) {
      this.ended = true;
      return;
    }
    if (++this.records > this.limits.maxEntries)
      throw new ArtifactError(`${archive}: more than ${this.limits.maxEntries} entries`);
    if (!tarChecksumMatches(h))
      throw new ArtifactError(`${archive}: corrupt tar header at byte ${at} (checksum mismatch)`);
    const type = h[156] === 0 ? "0" : String.fromCharCode(h[156]!);
    const headerName = readString(h, 0, 100);
    const prefix = h[257] === 0x75 && readString(h, 257, 6) === "ustar" ? readString(h, 345, 155) : "";
    const name = this.pending.path ?? (prefix ? `${prefix}/${headerName}` : headerName);
    const size = this.pending.size ?? readSize(h, name, archive);
    if (type === "x") return this.collect(name, size, (data) => (this.pending = parsePax(data, archive)));
    if (type === "L") return this.collect(name, size, (data) => (this.pending.path = readString(data, 0, data.length)));
    this.pending = {};
    if (type === "g" || type === "5") return this.pass(name, size);
    if (type !== "0" && type !== "7") {
      const kind = {
        "1": "a hard link",
        "2": "a symbolic link",
        "3": "a character device",
        "4": "a block device",
        "6": "a FIFO",
      }[type];
      throw new ArtifactError(
        `${archive}: entry ${JSON.stringify(name)} rejected: ${kind ?? `unsupported type '${type}'`}`,
      );
    }
    const safe = safeEntryName(name, archive);
    if (safe === null) return this.pass(name, size);
    this.total += size;
    if (this.total > this.limits.maxTotalBytes)
      throw new ArtifactError(`${archive}: contents exceed the ${this.limits.maxTotalBytes}-byte limit`);
    let order = this.order.get(safe);
    if (order === undefined) {
      order = this.names.push(safe) - 1;
      this.order.set(safe, order);
    }
    if (this.keep(safe, order)) this.collect(name, size, (data) => this.files.set(safe, data));
    else this.pass(name, size);
  }

  /** Reads the member's bytes into memory for `finish` (so the entry limit applies: a member passed over costs no memory). */
  private collect(name: string, size: number, finish: (data: Uint8Array) => void): void {
    if (size > this.limits.maxEntryBytes) {
      throw new ArtifactError(
        `${this.archive}: entry ${JSON.stringify(name)} is ${size} bytes, over the ${this.limits.maxEntryBytes}-byte limit`,
      );
    }
    this.entry = { name, size, sink: new Uint8Array(size), filled: 0, finish };
    if (size === 0) this.finishEntry();
  }

  /** Passes over the member's bytes. */
  private pass(name: string, size: number): void {
    this.entry = { name, size, sink: null, filled: 0, finish: () => undefined };
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const e = this.entry!;
    this.entry = null;
    this.skip = (BLOCK - (e.size % BLOCK)) % BLOCK;
    if (e.sink) e.finish(e.sink);
  }
}

function readSize(h: Uint8Array, name: string, archive: string): number {
  if ((h[124]! & 0x80) !== 0) {
    throw new ArtifactError(
      `${archive}: entry ${JSON.stringify(name)} uses a base-256 size (over 8 GiB), not supported`,
    );
  }
  const size = parseOctal(h.subarray(124, 136));
  if (size === null) throw new ArtifactError(`${archive}: entry ${JSON.stringify(name)} has an unreadable size field`);
  return size;
}

function readString(bytes: Uint8Array, offset: number, length: number): string {
  const field = bytes.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** PAX records are `"<len> <key>=<value>\n"`; only `path` and `size` matter here. */
function parsePax(data: Uint8Array, archive: string): { path?: string; size?: number } {
  const out: { path?: string; size?: number } = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    const len = space === -1 ? NaN : Number(decoder.decode(data.subarray(i, space)));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) {
      throw new ArtifactError(`${archive}: corrupt PAX extended header`);
    }
    const record = decoder.decode(data.subarray(space + 1, i + len - 1));
    const eq = record.indexOf("=");
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === "path") out.path = value;
    if (key === "size") {
      if (!/^\d+$/.test(value)) throw new ArtifactError(`${archive}: corrupt PAX size ${JSON.stringify(value)}`);
      out.size = Number(value);
    }
    i += len;
  }
  return out;
}
