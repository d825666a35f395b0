/**
 * Caps on S3's XML request bodies, from S3's own limits, applied before a byte of XML is parsed:
 * the body is refused from its Content-Length or as soon as it passes the cap while it streams in
 * (`EntityTooLarge`), and a body under the cap with more elements than its schema allows is
 * MalformedXML without being parsed.
 *
 * DeleteObjects: at most 1,000 objects, each a key of at most 1,024 bytes, which a client writes
 * with at most 6 bytes per byte (`&quot;`), plus a version id and the markup around them:
 * 1,000 × 7 KiB = 7,000 KiB. Tagging: 50 tags of 128 + 256 characters (4 bytes each in UTF-8,
 * 6 escaped), rounded up to 256 KiB. CreateBucketConfiguration: a few short elements, 64 KiB.
 * CompleteMultipartUpload: at most 10,000 parts, each a part number, a quoted ETag and up to five
 * checksums (under 1 KiB with their markup): 10,000 KiB.
 */
const KIB = 1024;

interface XmlLimit {
  bytes: number;
  /** Start and end tags the schema allows at most (each `<`). */
  tags: number;
}

export const XML_LIMITS: Record<
  "DeleteObjects" | "PutBucketTagging" | "CreateBucket" | "CompleteMultipartUpload",
  XmlLimit
> = {
  // <Object><Key/><VersionId/><ETag/><LastModifiedTime/><Size/></Object>: 12 tags per object.
  DeleteObjects: { bytes: 1000 * 7 * KIB, tags: 1000 * 12 + 16 },
  // <Tag><Key/><Value/></Tag>: 6 tags per tag.
  PutBucketTagging: { bytes: 256 * KIB, tags: 50 * 6 + 16 },
  CreateBucket: { bytes: 64 * KIB, tags: 64 },
  // <Part><PartNumber/><ETag/> and five checksums </Part>: 16 tags per part.
  CompleteMultipartUpload: { bytes: 10_000 * KIB, tags: 10_000 * 16 + 16 },
};

/** The most body bytes operation `operation` reads (undefined: not an XML-bodied operation). */
export const xmlBodyLimit = (operation: string): number | undefined =>
  Object.hasOwn(XML_LIMITS, operation) ? XML_LIMITS[operation as keyof typeof XML_LIMITS].bytes : undefined;

/** Whether `body` has no more tags than operation `operation`'s schema allows (a scan, no parse). */
export function withinTagLimit(operation: keyof typeof XML_LIMITS, body: Buffer): boolean {
  const max = XML_LIMITS[operation].tags;
  let tags = 0;
  for (let at = body.indexOf(0x3c); at >= 0; at = body.indexOf(0x3c, at + 1)) if (++tags > max) return false;
  return true;
}
