/**
 * Flexible checksums (x-amz-checksum-crc32 / crc32c / sha1 / sha256) and Content-MD5, each an
 * incremental digest so a body is checked as it streams to disk. Node 20 has no zlib.crc32, so
 * CRC-32 and CRC-32C are table-driven here.
 */
import { createHash } from "node:crypto";
import type { Digest } from "../../body-spool";

function crcTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

function crc(table: Uint32Array): Digest {
  let c = 0xffffffff;
  return {
    update(data) {
      for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    },
    digest() {
      const out = Buffer.alloc(4);
      out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
      return out;
    },
  };
}

const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

export const CHECKSUM_ALGORITHMS = {
  crc32: { name: "CRC32", digest: (): Digest => crc(CRC32) },
  crc32c: { name: "CRC32C", digest: (): Digest => crc(CRC32C) },
  sha1: { name: "SHA1", digest: (): Digest => createHash("sha1") },
  sha256: { name: "SHA256", digest: (): Digest => createHash("sha256") },
} as const;

export type ChecksumAlgorithm = keyof typeof CHECKSUM_ALGORITHMS;

export const CHECKSUM_ALGORITHM_NAMES = Object.keys(CHECKSUM_ALGORITHMS) as ChecksumAlgorithm[];

export const isChecksumAlgorithm = (name: string): name is ChecksumAlgorithm =>
  Object.hasOwn(CHECKSUM_ALGORITHMS, name);

export const checksumHeader = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm}`;

/** The API model's member for an algorithm's checksum: ChecksumCRC32, ChecksumSHA256… */
export const checksumMember = <A extends ChecksumAlgorithm>(algorithm: A) =>
  `Checksum${CHECKSUM_ALGORITHMS[algorithm].name}` as const;

/** Content-MD5, and so the ETag of a single-part object. */
export const md5Digest = (): Digest => createHash("md5");

export const md5 = (data: Uint8Array): Buffer => createHash("md5").update(data).digest();
