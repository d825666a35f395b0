/**
 * ListObjectsV2 and ListObjects (v1) over the store: prefix, delimiter, max-keys (at most 1000),
 * `encoding-type=url`; v2 pages by continuation token and start-after, v1 by marker.
 */
import type {
  ChecksumAlgorithm,
  ListObjectsCommandInput,
  ListObjectsOutput,
  ListObjectsV2CommandInput,
  ListObjectsV2Output,
} from "@aws-sdk/client-s3";
import { OWNER } from "./buckets";
import { CHECKSUM_ALGORITHMS } from "./checksums";
import type { Addressed } from "./shapes";
import { utf8Order, type ListPage, type S3Store } from "./store";

/** What both versions take. */
type ListingInput = Addressed<
  Pick<ListObjectsV2CommandInput, "Bucket" | "Prefix" | "Delimiter" | "MaxKeys" | "EncodingType">
>;

export function listObjectsV2(store: S3Store, input: Addressed<ListObjectsV2CommandInput>): ListObjectsV2Output {
  const { prefix, delimiter, maxKeys, enc, listed } = listing(input);
  const page = store.list(input.Bucket, {
    prefix,
    delimiter,
    maxKeys,
    continuationToken: input.ContinuationToken,
    startAfter: input.StartAfter,
  });
  return {
    Name: input.Bucket,
    Prefix: enc(prefix),
    Delimiter: enc(delimiter),
    MaxKeys: maxKeys,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    EncodingType: input.EncodingType === "url" ? "url" : undefined,
    ContinuationToken: input.ContinuationToken,
    NextContinuationToken: page.nextContinuationToken,
    StartAfter: enc(input.StartAfter),
    ...listed(page, input.FetchOwner === true),
  };
}

// v1: Marker instead of continuation tokens, the owner always listed; NextMarker only with a
// delimiter (without one, a client continues from the last key, as S3 documents).
export function listObjects(store: S3Store, input: Addressed<ListObjectsCommandInput>): ListObjectsOutput {
  const { prefix, delimiter, maxKeys, enc, listed } = listing(input);
  const marker = input.Marker;
  const page = store.list(input.Bucket, { prefix, delimiter, maxKeys, marker });
  const last = [...page.contents.map((o) => o.key), ...page.commonPrefixes].sort(utf8Order).at(-1);
  return {
    Name: input.Bucket,
    Prefix: enc(prefix),
    Marker: enc(marker ?? ""),
    NextMarker: page.isTruncated && delimiter !== undefined ? enc(last) : undefined,
    MaxKeys: maxKeys,
    Delimiter: enc(delimiter),
    IsTruncated: page.isTruncated,
    EncodingType: input.EncodingType === "url" ? "url" : undefined,
    ...listed(page, true),
  };
}

/** What both versions read from the input and write for each page. */
function listing(input: ListingInput) {
  const urlEncoded = input.EncodingType === "url";
  const enc = (s: string | undefined) => (s !== undefined && urlEncoded ? encodeURIComponent(s) : s);
  const listed = (page: ListPage, withOwner: boolean) => ({
    Contents: page.contents.map((o) => ({
      Key: enc(o.key),
      LastModified: new Date(o.lastModified),
      ETag: o.etag,
      ChecksumAlgorithm: o.checksum && [CHECKSUM_ALGORITHMS[o.checksum.algorithm].name as ChecksumAlgorithm],
      Size: o.size,
      Owner: withOwner ? OWNER : undefined,
      StorageClass: "STANDARD" as const,
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
  return {
    prefix: input.Prefix ?? "",
    delimiter: input.Delimiter || undefined,
    maxKeys: Math.min(input.MaxKeys ?? 1000, 1000),
    enc,
    listed,
  };
}
