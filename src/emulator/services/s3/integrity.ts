/**
 * S3's check of a body against the digests the client sent with it: Content-MD5 and at most one
 * flexible checksum (the first of CRC32, CRC32C, SHA1, SHA256 present).
 */
import { CHECKSUM_ALGORITHMS, checksumBase64, checksumMember, md5, type ChecksumAlgorithm } from "./checksums";
import { s3Errors } from "./errors";
import type { Digests } from "./shapes";
import type { ObjectMeta } from "./store";

/** Throws BadDigest / InvalidDigest on a mismatch; returns the checksum to keep with the object. */
export function verifyIntegrity(digests: Digests, body: Buffer): ObjectMeta["checksum"] {
  const contentMd5 = digests.ContentMD5;
  if (contentMd5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(contentMd5)) throw s3Errors.invalidDigest();
    if (contentMd5 !== md5(body).toString("base64")) throw s3Errors.badContentMd5();
  }
  for (const algorithm of Object.keys(CHECKSUM_ALGORITHMS) as ChecksumAlgorithm[]) {
    const value = digests[checksumMember(algorithm)];
    if (value === undefined) continue;
    if (value !== checksumBase64(algorithm, body)) throw s3Errors.badDigest(CHECKSUM_ALGORITHMS[algorithm].name);
    return { algorithm, value };
  }
  return undefined;
}
