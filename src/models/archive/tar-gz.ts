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
 * trailer and honours an output cap); the tar is read by `TarReader`.
 */
import { gunzipSync } from "node:zlib";
import { gzipSync } from "fflate";
import { ArtifactError, hexPrefix } from "../errors";
import { safeEntryName } from "./entry-name";
import { TAR_BLOCK } from "./tar-header";
import { TarReader } from "./tar-reader";
import { type ArchiveEntry, type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, FIXED_ARCHIVE_TIME_SECONDS } from "./limits";

const BLOCK = TAR_BLOCK;
const RECORD = 20 * BLOCK;
const encoder = new TextEncoder();

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
 * Reads a `.tar.gz` into a map of file name → contents, inflating it whole in memory (for
 * artifacts at hand; `readTarGzStreamed` reads one as a stream). `archive` names the archive in
 * error messages (e.g. `model.tar.gz`).
 */
export function readTarGz(
  bytes: Uint8Array,
  archive: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Map<string, Uint8Array> {
  checkGzip(bytes, archive, limits);
  let tar: Uint8Array;
  try {
    const inflated = gunzipSync(bytes, { maxOutputLength: maxInflatedBytes(limits) });
    tar = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  } catch (err) {
    throw inflateError(err, archive, limits);
  }
  const reader = new TarReader(archive, limits);
  reader.push(tar);
  return reader.end().files;
}

/** The most bytes an archive may inflate to: its contents plus their tar headers and end blocks. */
export const maxInflatedBytes = (limits: ArchiveLimits) => limits.maxTotalBytes + 64 * BLOCK;

/** Refuses an archive over the size limit or that is not gzip, before inflating anything. */
export function checkGzip(bytes: Uint8Array, archive: string, limits: ArchiveLimits): void {
  if (bytes.length > limits.maxArchiveBytes) {
    throw new ArtifactError(
      `${archive}: ${bytes.length} bytes exceeds the ${limits.maxArchiveBytes}-byte archive limit`,
    );
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new ArtifactError(`${archive}: not a gzip file (first bytes ${hexPrefix(bytes)}, expected 1f 8b)`);
  }
}

/** zlib's error (a RangeError past the output cap) as the archive's. */
export function inflateError(err: unknown, archive: string, limits: ArchiveLimits): ArtifactError {
  const why =
    err instanceof RangeError ? `inflates to more than the ${limits.maxTotalBytes}-byte limit` : (err as Error).message;
  return new ArtifactError(`${archive}: corrupt or truncated gzip stream: ${why}`);
}
