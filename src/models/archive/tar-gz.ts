/**
 * Deterministic `.tar.gz` writing and defensive reading, enough for SageMaker
 * model artifacts (`model.tar.gz`).
 *
 * Writing: POSIX ustar members sorted by name, mode 0644, uid/gid 0, empty
 * owner names, a fixed mtime, padded to a 10 KiB record like GNU tar and
 * Python's tarfile; gzip by fflate (pure JS, so the bytes do not depend on the
 * zlib build of the Node binary) with no timestamp and no file name.
 *
 * Reading: gzip is inflated by Node's zlib (which checks the CRC and length
 * trailer and honours an output cap); ustar, GNU and v7 headers are accepted,
 * with PAX (`x`) and GNU long-name (`L`) records. Regular files are returned;
 * directories and global PAX headers are skipped; links and devices are
 * rejected, as are unsafe names (see `safeEntryName`).
 */
import { gunzipSync } from "node:zlib";
import { gzipSync } from "fflate";
import { ArtifactError, hexPrefix } from "../errors";
import { safeEntryName } from "./entry-name";
import { parseOctal, tarChecksumMatches, TAR_BLOCK } from "./tar-header";
import { type ArchiveEntry, type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, FIXED_ARCHIVE_TIME_SECONDS } from "./limits";

const BLOCK = TAR_BLOCK;
const RECORD = 20 * BLOCK;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

export function writeTarGz(entries: readonly ArchiveEntry[]): Uint8Array {
  return gzipSync(writeTar(entries), { level: 9, mtime: 0 });
}

function writeTar(entries: readonly ArchiveEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const blocks: Uint8Array[] = [];
  let size = 0;
  for (const entry of sorted) {
    const header = ustarHeader(entry.name, entry.data.length);
    const padded = new Uint8Array(Math.ceil(entry.data.length / BLOCK) * BLOCK);
    padded.set(entry.data);
    blocks.push(header, padded);
    size += header.length + padded.length;
  }
  // Two zero blocks end the archive; the whole is padded to a full record.
  const total = Math.ceil((size + 2 * BLOCK) / RECORD) * RECORD;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

function ustarHeader(name: string, size: number): Uint8Array {
  const nameBytes = encoder.encode(name);
  if (nameBytes.length > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  if (safeEntryName(name, "tar writer") !== name) throw new Error(`tar entry name is not canonical: ${name}`);
  const h = new Uint8Array(BLOCK);
  h.set(nameBytes, 0);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, FIXED_ARCHIVE_TIME_SECONDS);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h[156] = 0x30; // '0' regular file
  h.set(encoder.encode("ustar\u000000"), 257);
  writeOctal(h, 329, 8, 0);
  writeOctal(h, 337, 8, 0);
  const sum = h.reduce((acc, b) => acc + b, 0);
  h.set(encoder.encode(sum.toString(8).padStart(6, "0") + "\u0000 "), 148);
  return h;
}

function writeOctal(h: Uint8Array, offset: number, width: number, value: number): void {
  h.set(encoder.encode(value.toString(8).padStart(width - 1, "0") + "\u0000"), offset);
}

/**
 * Reads a `.tar.gz` into a map of file name → contents. `archive` names the
 * archive in error messages (e.g. `model.tar.gz`).
 */
export function readTarGz(
  bytes: Uint8Array,
  archive: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Map<string, Uint8Array> {
  if (bytes.length > limits.maxArchiveBytes) {
    throw new ArtifactError(
      `${archive}: ${bytes.length} bytes exceeds the ${limits.maxArchiveBytes}-byte archive limit`,
    );
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new ArtifactError(`${archive}: not a gzip file (first bytes ${hexPrefix(bytes)}, expected 1f 8b)`);
  }
  let tar: Uint8Array;
  try {
    const inflated = gunzipSync(bytes, { maxOutputLength: limits.maxTotalBytes + 64 * BLOCK });
    tar = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  } catch (err) {
    const why =
      err instanceof RangeError
        ? `inflates to more than the ${limits.maxTotalBytes}-byte limit`
        : (err as Error).message;
    throw new ArtifactError(`${archive}: corrupt or truncated gzip stream: ${why}`);
  }
  return readTar(tar, archive, limits);
}

function readTar(tar: Uint8Array, archive: string, limits: ArchiveLimits): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let total = 0;
  let records = 0;
  let pending: { path?: string; size?: number } = {};
  while (true) {
    if (offset + BLOCK > tar.length) {
      throw new ArtifactError(
        `${archive}: truncated tar: ends at byte ${tar.length} without the end-of-archive marker`,
      );
    }
    const h = tar.subarray(offset, offset + BLOCK);
    if (h.every((b) => b === 0)) return files;
    if (++records > limits.maxEntries) throw new ArtifactError(`${archive}: more than ${limits.maxEntries} entries`);
    verifyChecksum(h, offset, archive);
    const type = h[156] === 0 ? "0" : String.fromCharCode(h[156]!);
    const headerName = readString(h, 0, 100);
    const prefix = h[257] === 0x75 && readString(h, 257, 6) === "ustar" ? readString(h, 345, 155) : "";
    const name = pending.path ?? (prefix ? `${prefix}/${headerName}` : headerName);
    const size = pending.size ?? readSize(h, name, archive);
    const dataStart = offset + BLOCK;
    if (size > limits.maxEntryBytes) {
      throw new ArtifactError(
        `${archive}: entry ${JSON.stringify(name)} is ${size} bytes, over the ${limits.maxEntryBytes}-byte limit`,
      );
    }
    if (dataStart + size > tar.length) {
      throw new ArtifactError(
        `${archive}: truncated tar: entry ${JSON.stringify(name)} declares ${size} bytes but only ${tar.length - dataStart} remain`,
      );
    }
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      pending = parsePax(data, archive);
      continue;
    }
    if (type === "L") {
      pending = { ...pending, path: readString(data, 0, data.length) };
      continue;
    }
    pending = {};
    if (type === "g" || type === "5") continue;
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
    if (safe === null) continue;
    total += size;
    if (total > limits.maxTotalBytes)
      throw new ArtifactError(`${archive}: contents exceed the ${limits.maxTotalBytes}-byte limit`);
    // Later members win, as when the archive is extracted onto disk.
    files.set(safe, data.slice());
  }
}

function verifyChecksum(h: Uint8Array, offset: number, archive: string): void {
  if (!tarChecksumMatches(h))
    throw new ArtifactError(`${archive}: corrupt tar header at byte ${offset} (checksum mismatch)`);
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
