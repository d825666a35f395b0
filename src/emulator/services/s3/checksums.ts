/**
 * Flexible checksums (x-amz-checksum-crc32 / crc32c / sha1 / sha256) and Content-MD5.
 * Node 20 has no zlib.crc32, so CRC-32 and CRC-32C are table-driven here.
 */
import { createHash } from "node:crypto";

function crcTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

function crc(table: Uint32Array, data: Uint8Array): Buffer {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out;
}

const CRC32 = crcTable(0xedb88320);
const CRC32C = crcTable(0x82f63b78);

export const CHECKSUM_ALGORITHMS = {
  crc32: { name: "CRC32", digest: (d: Uint8Array) => crc(CRC32, d) },
  crc32c: { name: "CRC32C", digest: (d: Uint8Array) => crc(CRC32C, d) },
  sha1: { name: "SHA1", digest: (d: Uint8Array) => createHash("sha1").update(d).digest() },
  sha256: { name: "SHA256", digest: (d: Uint8Array) => createHash("sha256").update(d).digest() },
} as const;

export type ChecksumAlgorithm = keyof typeof CHECKSUM_ALGORITHMS;

export const checksumHeader = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm}`;

/** The API model's member for an algorithm's checksum: ChecksumCRC32, ChecksumSHA256… */
export const checksumMember = <A extends ChecksumAlgorithm>(algorithm: A) =>
  `Checksum${CHECKSUM_ALGORITHMS[algorithm].name}` as const;

export function checksumBase64(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  return CHECKSUM_ALGORITHMS[algorithm].digest(data).toString("base64");
}

export const md5 = (data: Uint8Array): Buffer => createHash("md5").update(data).digest();
