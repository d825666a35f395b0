/**
 * The S3 request bodies streamed to disk rather than held in memory (body-spool.ts): PutObject's
 * and UploadPart's, up to S3's 5 GiB for one PUT or part. Computed on the way: MD5 (the ETag, Content-MD5) and the flexible
 * checksum the head names – by its header, by the `x-amz-trailer` that will carry it, or by
 * `x-amz-sdk-checksum-algorithm`.
 */
import type { SpoolRequest } from "../../body-spool";
import type { Incoming } from "../../http";
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_ALGORITHM_NAMES,
  checksumHeader,
  isChecksumAlgorithm,
  md5Digest,
  type ChecksumAlgorithm,
} from "./checksums";
import { isDiskFull, s3DiskFull } from "../disk-full";
import { s3Rest } from "./http";

/** S3's largest single PUT: "Upload an object in a single operation … up to 5 GB". */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

const STREAMED = new Set(["PutObject", "UploadPart"]);

export function uploadBody(head: Incoming, dir: string): SpoolRequest | undefined {
  const { operation, refusal } = s3Rest.route(head);
  if (refusal || !STREAMED.has(operation)) return undefined;
  const digests: SpoolRequest["digests"] = { md5: md5Digest };
  for (const algorithm of checksumsNamed(head)) digests[algorithm] = CHECKSUM_ALGORITHMS[algorithm].digest;
  return {
    operation,
    dir,
    digests,
    maxBytes: MAX_PUT_BYTES,
    refusal: (e) => (isDiskFull(e) ? s3DiskFull() : undefined),
  };
}

function checksumsNamed(head: Incoming): ChecksumAlgorithm[] {
  const h = head.headers;
  const named = CHECKSUM_ALGORITHM_NAMES.filter((a) => h[checksumHeader(a)] !== undefined);
  const trailer = h["x-amz-trailer"]?.toLowerCase().replace(/^x-amz-checksum-/, "");
  const sdk = h["x-amz-sdk-checksum-algorithm"]?.toLowerCase();
  for (const name of [trailer, sdk]) if (name !== undefined && isChecksumAlgorithm(name)) named.push(name);
  return named;
}
