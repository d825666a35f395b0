/**
 * Deterministic zip writing and defensive reading (linear-learner's
 * `model_algo-1` is a zip inside the model tarball).
 *
 * Writing uses fflate with every entry stamped 1980-01-01 00:00:00 (the zip
 * epoch, built from local-time fields so the DOS date is the same in every
 * time zone) and entries sorted by name.
 *
 * Reading walks the central directory, accepts stored and deflated entries,
 * and checks each entry's local header, size and CRC-32, so a corrupted or
 * truncated zip is an error rather than wrong bytes. ZIP64, multi-disk and
 * encrypted archives are rejected with a message saying so.
 */
import { crc32, inflateRawSync } from "node:zlib";
import { zipSync, type Zippable } from "fflate";
import { ArtifactError, hexPrefix } from "../errors";
import { safeEntryName } from "./entry-name";
import { type ArchiveEntry, type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "./limits";

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const decoder = new TextDecoder();

export function writeZip(entries: readonly ArchiveEntry[]): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const files: Zippable = {};
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    if (safeEntryName(entry.name, "zip writer") !== entry.name)
      throw new Error(`zip entry name is not canonical: ${entry.name}`);
    files[entry.name] = [entry.data, { mtime, level: 9 }];
  }
  return zipSync(files);
}

/** Reads a zip into a map of file name → contents; `archive` names it in errors. */
export function readZip(
  bytes: Uint8Array,
  archive: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Map<string, Uint8Array> {
  const fail = (why: string): never => {
    throw new ArtifactError(`${archive}: ${why}`);
  };
  if (bytes.length > limits.maxArchiveBytes)
    fail(`${bytes.length} bytes exceeds the ${limits.maxArchiveBytes}-byte archive limit`);
  const magic = bytes.length >= 4 ? readU32(bytes, 0) : -1;
  if (magic !== LOCAL_SIGNATURE && magic !== EOCD_SIGNATURE) {
    fail(`not a zip file (first bytes ${hexPrefix(bytes)}, expected 50 4b 03 04)`);
  }
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) fail("truncated or corrupt zip: end-of-central-directory record not found");
  const count = readU16(bytes, eocd + 10);
  const cdSize = readU32(bytes, eocd + 12);
  const cdOffset = readU32(bytes, eocd + 16);
  if (readU16(bytes, eocd + 4) !== 0 || readU16(bytes, eocd + 6) !== 0 || readU16(bytes, eocd + 8) !== count) {
    fail("multi-disk zip archives are not supported");
  }
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) fail("ZIP64 archives are not supported");
  if (count > limits.maxEntries) fail(`more than ${limits.maxEntries} entries`);
  if (cdOffset + cdSize > eocd) fail("truncated or corrupt zip: central directory lies outside the file");

  const files = new Map<string, Uint8Array>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || readU32(bytes, p) !== CENTRAL_SIGNATURE) fail(`corrupt central directory at entry ${i + 1}`);
    const flags = readU16(bytes, p + 8);
    const method = readU16(bytes, p + 10);
    const crc = readU32(bytes, p + 16);
    const compressedSize = readU32(bytes, p + 20);
    const size = readU32(bytes, p + 24);
    const nameLength = readU16(bytes, p + 28);
    const next = p + 46 + nameLength + readU16(bytes, p + 30) + readU16(bytes, p + 32);
    const localOffset = readU32(bytes, p + 42);
    if (next > eocd) fail(`corrupt central directory at entry ${i + 1}`);
    const rawName = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p = next;
    const name = safeEntryName(rawName, archive);
    if (name === null) continue;
    const where = `entry ${JSON.stringify(name)}`;
    if (flags & 1) fail(`${where} is encrypted`);
    if (compressedSize === 0xffffffff || size === 0xffffffff) fail("ZIP64 archives are not supported");
    if (size > limits.maxEntryBytes) fail(`${where} is ${size} bytes, over the ${limits.maxEntryBytes}-byte limit`);
    total += size;
    if (total > limits.maxTotalBytes) fail(`contents exceed the ${limits.maxTotalBytes}-byte limit`);
    if (localOffset + 30 > bytes.length || readU32(bytes, localOffset) !== LOCAL_SIGNATURE) {
      fail(`${where}: local header missing or corrupt at byte ${localOffset}`);
    }
    const dataStart = localOffset + 30 + readU16(bytes, localOffset + 26) + readU16(bytes, localOffset + 28);
    if (dataStart + compressedSize > bytes.length) fail(`${where} is truncated`);
    const stored = bytes.subarray(dataStart, dataStart + compressedSize);
    const data = inflateEntry(stored, method, size, where, fail);
    if (data.length !== size) fail(`${where} inflates to ${data.length} bytes, the directory says ${size}`);
    if (crc32(data) >>> 0 !== crc) fail(`${where} is corrupt (CRC-32 mismatch)`);
    files.set(name, data);
  }
  return files;
}

function inflateEntry(
  stored: Uint8Array,
  method: number,
  size: number,
  where: string,
  fail: (why: string) => never,
): Uint8Array {
  if (method === 0) return stored.slice();
  if (method !== 8)
    return fail(`${where} uses compression method ${method}; only stored (0) and deflate (8) are supported`);
  try {
    const inflated = inflateRawSync(stored, { maxOutputLength: Math.max(size, 1) });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  } catch (err) {
    const why = err instanceof RangeError ? `inflates to more than the declared ${size} bytes` : (err as Error).message;
    return fail(`${where} is corrupt: ${why}`);
  }
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const last = bytes.length - EOCD_SIZE;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) {
    if (readU32(bytes, i) === EOCD_SIGNATURE && i + EOCD_SIZE + readU16(bytes, i + 20) === bytes.length) return i;
  }
  return -1;
}

function readU16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}

function readU32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}
