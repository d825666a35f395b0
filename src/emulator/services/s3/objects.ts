/**
 * The object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects,
 * CopyObject, over the store.
 */
import { checksumMember } from "./checksums";
import { s3Errors, wellFormed } from "./errors";
import { verifyIntegrity } from "./integrity";
import { parseRange, type ByteRange } from "./range";
import type {
  CopyObjectInput,
  DeleteObjectsInput,
  GetObjectInput,
  GetObjectOutput,
  ObjectHeaderMembers,
  ObjectInput,
  PutObjectInput,
} from "./shapes";
import type { ObjectHeaders, ObjectMeta, S3Store } from "./store";

export async function putObject(store: S3Store, input: PutObjectInput) {
  store.bucket(input.Bucket);
  const checksum = verifyIntegrity(input, input.Body);
  const meta = await store.putObject(input.Bucket, input.Key, input.Body, storedHeaders(input), checksum);
  return { ETag: meta.etag, ...(checksum && { [checksumMember(checksum.algorithm)]: checksum.value }) };
}

export async function getObject(store: S3Store, input: GetObjectInput): Promise<GetObjectOutput> {
  const { meta, data } = await store.get(input.Bucket, input.Key);
  const range = parseRange(input.Range, meta.size);
  return { ...objectOutput(meta, input, range), Body: range ? data.subarray(range.start, range.end + 1) : data };
}

// HEAD answers a Range like GET does (206, Content-Range, the range's length), without the body.
export function headObject(store: S3Store, input: GetObjectInput): GetObjectOutput {
  const meta = store.head(input.Bucket, input.Key);
  return objectOutput(meta, input, parseRange(input.Range, meta.size));
}

export async function deleteObject(store: S3Store, { Bucket, Key }: ObjectInput): Promise<void> {
  await store.deleteObject(Bucket, Key);
}

export async function deleteObjects(store: S3Store, input: DeleteObjectsInput) {
  store.bucket(input.Bucket);
  // S3 requires an integrity check on a multi-object delete (so a bare form POST cannot delete).
  if (!verifyIntegrity(input, input.Body) && input.ContentMD5 === undefined)
    throw s3Errors.invalidRequest("Missing required header for this request: Content-MD5");
  const { Objects, Quiet } = wellFormed(input.Delete);
  if (Objects.length === 0 || Objects.length > 1000) throw s3Errors.malformedXml();
  for (const { Key } of Objects) await store.deleteObject(input.Bucket, Key);
  return { Deleted: Quiet ? [] : Objects.map(({ Key }) => ({ Key })) };
}

export async function copyObject(store: S3Store, input: CopyObjectInput) {
  const { Bucket, Key } = input;
  store.bucket(Bucket);
  const source = copySource(input.CopySource);
  const replace = input.MetadataDirective === "REPLACE";
  if (source.bucket === Bucket && source.key === Key && !replace) {
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const { meta, data } = await store.get(source.bucket, source.key);
  const copied = await store.putObject(Bucket, Key, data, replace ? storedHeaders(input) : meta, meta.checksum);
  return { CopyObjectResult: { LastModified: new Date(copied.lastModified), ETag: copied.etag } };
}

function copySource(source: string): { bucket: string; key: string } {
  const invalid = () => s3Errors.invalidArgument("Invalid copy source object key", "x-amz-copy-source", source);
  let decoded: string;
  try {
    decoded = decodeURIComponent(source.split("?")[0] ?? "").replace(/^\//, "");
  } catch {
    throw invalid(); // not valid percent-encoding
  }
  const slash = decoded.indexOf("/");
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

function storedHeaders(input: ObjectHeaderMembers): ObjectHeaders {
  return {
    contentType: input.ContentType ?? "binary/octet-stream",
    contentEncoding: input.ContentEncoding,
    contentDisposition: input.ContentDisposition,
    contentLanguage: input.ContentLanguage,
    cacheControl: input.CacheControl,
    expires: input.Expires,
    metadata: input.Metadata,
  };
}

/** The object's headers; for a range, its Content-Range and length instead of the whole object's. */
function objectOutput(meta: ObjectMeta, input: GetObjectInput, range: ByteRange | undefined): GetObjectOutput {
  const whole = range === undefined;
  const output: GetObjectOutput = {
    ContentType: meta.contentType,
    ContentLength: whole ? meta.size : range.end - range.start + 1,
    ContentRange: whole ? undefined : `bytes ${range.start}-${range.end}/${meta.size}`,
    ETag: meta.etag,
    LastModified: new Date(meta.lastModified),
    AcceptRanges: "bytes",
    ContentEncoding: meta.contentEncoding,
    ContentDisposition: meta.contentDisposition,
    ContentLanguage: meta.contentLanguage,
    CacheControl: meta.cacheControl,
    Expires: meta.expires,
    Metadata: meta.metadata,
  };
  // A checksum describes the whole object, so S3 returns it only for whole-object reads that ask.
  if (whole && meta.checksum && input.ChecksumMode?.toUpperCase() === "ENABLED") {
    output[checksumMember(meta.checksum.algorithm)] = meta.checksum.value;
    output.ChecksumType = "FULL_OBJECT";
  }
  return output;
}
