/**
 * S3's check of a body against the digests the client sent with it: Content-MD5 and at most one
 * flexible checksum (the first of CRC32, CRC32C, SHA1, SHA256 present). The body's own digests
 * come from where it is: computed over bytes in memory, or on the way to disk (body-spool.ts).
 */
import type { StagedBody } from "../../body-spool";
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_ALGORITHM_NAMES,
  checksumMember,
  md5Digest,
  type ChecksumAlgorithm,
} from "./checksums";
import { s3Errors } from "./errors";
import type { Digests } from "./shapes";
import type { ObjectMeta } from "./records";

/** A body's digest by name ("md5" or a checksum algorithm); undefined when it was not computed. */
export type DigestOf = (name: "md5" | ChecksumAlgorithm) => Buffer | undefined;

export const digestsOfBuffer =
  (body: Buffer): DigestOf =>
  (name) => {
    const digest = name === "md5" ? md5Digest() : CHECKSUM_ALGORITHMS[name].digest();
    digest.update(body);
    return digest.digest();
  };

export const digestsOfStaged =
  (body: StagedBody): DigestOf =>
  (name) =>
    Object.hasOwn(body.digests, name) ? body.digests[name] : undefined;

/** Throws BadDigest / InvalidDigest on a mismatch; returns the checksum to keep with the object. */
export function verifyIntegrity(digests: Digests, digestOf: DigestOf): ObjectMeta["checksum"] {
  const contentMd5 = digests.ContentMD5;
  if (contentMd5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(contentMd5)) throw s3Errors.invalidDigest();
    if (contentMd5 !== digestOf("md5")?.toString("base64")) throw s3Errors.badContentMd5();
  }
  for (const algorithm of CHECKSUM_ALGORITHM_NAMES) {
    const value = digests[checksumMember(algorithm)];
    if (value === undefined) continue;
    if (value !== digestOf(algorithm)?.toString("base64"))
      throw s3Errors.badDigest(CHECKSUM_ALGORITHMS[algorithm].name);
    return { algorithm, value };
  }
  return undefined;
}
