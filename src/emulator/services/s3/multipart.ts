/**
 * Multipart upload, as S3 documents it: CreateMultipartUpload, UploadPart (parts of 1–10,000,
 * streamed to disk), UploadPartCopy, CompleteMultipartUpload (parts in ascending order, each but
 * the last at least 5 MiB, each named with its ETag; the object's ETag is the MD5 of the parts'
 * MD5s with `-N`, its checksum COMPOSITE – the checksum of the parts' checksums, `-N` – or
 * FULL_OBJECT), AbortMultipartUpload, ListParts and ListMultipartUploads.
 */
import type {
  AbortMultipartUploadCommandInput,
  CompleteMultipartUploadCommandInput,
  CompleteMultipartUploadOutput,
  CreateMultipartUploadCommandInput,
  CreateMultipartUploadOutput,
  ListMultipartUploadsCommandInput,
  ListMultipartUploadsOutput,
  ListPartsCommandInput,
  ListPartsOutput,
  UploadPartCommandInput,
  UploadPartCopyCommandInput,
  UploadPartCopyOutput,
  UploadPartOutput,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import type { StagedBody } from "../../body-spool";
import { OWNER } from "./buckets";
import { CHECKSUM_ALGORITHMS, checksumMember, isChecksumAlgorithm, type ChecksumAlgorithm } from "./checksums";
import { s3Errors, wellFormed } from "./errors";
import { digestsOfBuffer, digestsOfStaged, verifyIntegrity } from "./integrity";
import type { Part, Upload } from "./multipart-store";
import { copySource, storedHeaders, type HeaderMembers } from "./objects";
import type { ObjectMeta } from "./records";
import type { Addressed, Digests } from "./shapes";
import type { S3Store } from "./store";

const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** UploadPart as received: its body already on disk (as PutObject's, shapes.ts). */
export type UploadPartInput = Addressed<Omit<UploadPartCommandInput, "Body">> & { Body: StagedBody };

/**
 * CompleteMultipartUpload as received: the parts list is undefined when the XML is not well-formed
 * (MalformedXML after the upload is checked), and the body comes along for its digests.
 */
export type CompleteMultipartUploadInput = Addressed<Omit<CompleteMultipartUploadCommandInput, "MultipartUpload">> &
  Digests & { MultipartUpload: CompleteMultipartUploadCommandInput["MultipartUpload"] | undefined; Body: Buffer };

export async function createMultipartUpload(
  store: S3Store,
  input: Addressed<CreateMultipartUploadCommandInput> & HeaderMembers,
): Promise<CreateMultipartUploadOutput> {
  store.bucket(input.Bucket);
  if (Buffer.byteLength(input.Key) > 1024) throw s3Errors.keyTooLong();
  const algorithm = input.ChecksumAlgorithm?.toLowerCase();
  if (algorithm !== undefined && !isChecksumAlgorithm(algorithm))
    throw s3Errors.invalidRequest(
      "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, SHA1, SHA256]",
    );
  const checksumType = input.ChecksumType ?? (algorithm === undefined ? undefined : "COMPOSITE");
  const upload = await store.uploads.create({
    bucket: input.Bucket,
    key: input.Key,
    headers: storedHeaders(input),
    checksumAlgorithm: algorithm,
    checksumType,
  });
  return {
    Bucket: input.Bucket,
    Key: input.Key,
    UploadId: upload.uploadId,
    ChecksumAlgorithm: input.ChecksumAlgorithm,
    ChecksumType: checksumType,
  };
}

export async function uploadPart(store: S3Store, input: UploadPartInput): Promise<UploadPartOutput> {
  store.bucket(input.Bucket);
  const partNumber = checkedPartNumber(input.PartNumber);
  store.uploads.get(input.Bucket, input.Key, input.UploadId ?? "");
  const checksum = verifyIntegrity(input, digestsOfStaged(input.Body));
  const { blob, size, etag } = await store.writeBlob(input.Body);
  await store.uploads.putPart(input.Bucket, input.Key, input.UploadId ?? "", {
    partNumber,
    blob,
    size,
    md5: etag.slice(1, -1),
    lastModified: store.clock(),
    checksum,
  });
  return { ETag: etag, ...(checksum && { [checksumMember(checksum.algorithm)]: checksum.value }) };
}

export async function uploadPartCopy(
  store: S3Store,
  input: Addressed<UploadPartCopyCommandInput>,
): Promise<UploadPartCopyOutput> {
  store.bucket(input.Bucket);
  const partNumber = checkedPartNumber(input.PartNumber);
  store.uploads.get(input.Bucket, input.Key, input.UploadId ?? "");
  const source = copySource(input.CopySource ?? "");
  const { meta, handle } = await store.open(source.bucket, source.key);
  try {
    const range = copyRange(input.CopySourceRange, meta.size);
    const stream = handle.createReadStream({ ...range, autoClose: false });
    const { blob, size, etag } = await store.writeBlob({ stream });
    const lastModified = store.clock();
    await store.uploads.putPart(input.Bucket, input.Key, input.UploadId ?? "", {
      partNumber,
      blob,
      size,
      md5: etag.slice(1, -1),
      lastModified,
    });
    return { CopyPartResult: { ETag: etag, LastModified: new Date(lastModified) } };
  } finally {
    await handle.close();
  }
}

export async function completeMultipartUpload(
  store: S3Store,
  input: CompleteMultipartUploadInput,
): Promise<CompleteMultipartUploadOutput> {
  store.bucket(input.Bucket);
  const upload = store.uploads.get(input.Bucket, input.Key, input.UploadId ?? "");
  verifyIntegrity(input, digestsOfBuffer(input.Body));
  const listed = wellFormed(input.MultipartUpload).Parts ?? [];
  if (listed.length === 0) throw s3Errors.malformedXml();
  const parts: Part[] = [];
  for (const [i, named] of listed.entries()) {
    const part = upload.parts[String(named.PartNumber)];
    if (i > 0 && (named.PartNumber ?? 0) <= (listed[i - 1]!.PartNumber ?? 0)) throw s3Errors.invalidPartOrder();
    if (!part || unquoted(named.ETag) !== part.md5) throw s3Errors.invalidPart();
    const algorithm = upload.checksumAlgorithm;
    const given = algorithm && named[checksumMember(algorithm)];
    if (given !== undefined && given !== part.checksum?.value) throw s3Errors.invalidPart();
    parts.push(part);
  }
  if (parts.slice(0, -1).some((p) => p.size < MIN_PART_BYTES)) throw s3Errors.entityTooSmall();
  const etag = `"${createHash("md5")
    .update(Buffer.concat(parts.map((p) => Buffer.from(p.md5, "hex"))))
    .digest("hex")}-${parts.length}"`;
  const whole = upload.checksumType === "FULL_OBJECT" && upload.checksumAlgorithm;
  const wholeDigest = whole ? CHECKSUM_ALGORITHMS[whole].digest() : undefined;
  const stream = (async function* () {
    for (const part of parts)
      for await (const chunk of store.readBlob(part.blob)) {
        wholeDigest?.update(chunk);
        yield chunk;
      }
  })();
  const checksum = () => objectChecksum(upload, parts, wholeDigest?.digest());
  const meta = await store.putObject(input.Bucket, input.Key, { stream, etag }, upload.headers, checksum);
  await store.uploads.end(upload);
  return {
    Location: `/${input.Bucket}/${input.Key}`,
    Bucket: input.Bucket,
    Key: input.Key,
    ETag: meta.etag,
    ...(meta.checksum && { [checksumMember(meta.checksum.algorithm)]: meta.checksum.value }),
    ChecksumType: meta.checksum ? upload.checksumType : undefined,
  };
}

export async function abortMultipartUpload(
  store: S3Store,
  input: Addressed<AbortMultipartUploadCommandInput>,
): Promise<void> {
  store.bucket(input.Bucket);
  await store.uploads.abort(input.Bucket, input.Key, input.UploadId ?? "");
}

export function listParts(store: S3Store, input: Addressed<ListPartsCommandInput>): ListPartsOutput {
  store.bucket(input.Bucket);
  const upload = store.uploads.get(input.Bucket, input.Key, input.UploadId ?? "");
  const marker = Number(input.PartNumberMarker ?? 0);
  const max = Math.min(input.MaxParts ?? 1000, 1000);
  const after = Object.values(upload.parts)
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, max);
  const algorithm = upload.checksumAlgorithm;
  return {
    Bucket: input.Bucket,
    Key: input.Key,
    UploadId: upload.uploadId,
    PartNumberMarker: input.PartNumberMarker ?? "0",
    NextPartNumberMarker: page.length > 0 ? String(page.at(-1)!.partNumber) : undefined,
    MaxParts: max,
    IsTruncated: after.length > page.length,
    Parts: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: new Date(p.lastModified),
      ETag: `"${p.md5}"`,
      Size: p.size,
      ...(p.checksum && { [checksumMember(p.checksum.algorithm)]: p.checksum.value }),
    })),
    Initiator: { ID: OWNER.ID, DisplayName: OWNER.DisplayName },
    Owner: OWNER,
    StorageClass: "STANDARD",
    ChecksumAlgorithm: algorithm && CHECKSUM_ALGORITHMS[algorithm].name,
  };
}

export function listMultipartUploads(
  store: S3Store,
  input: Addressed<ListMultipartUploadsCommandInput>,
): ListMultipartUploadsOutput {
  store.bucket(input.Bucket);
  const prefix = input.Prefix ?? "";
  const max = Math.min(input.MaxUploads ?? 1000, 1000);
  const after = (u: Upload) =>
    input.KeyMarker === undefined ||
    u.key > input.KeyMarker ||
    (u.key === input.KeyMarker && input.UploadIdMarker !== undefined && u.uploadId > input.UploadIdMarker);
  const uploads = store.uploads
    .list(input.Bucket)
    .filter((u) => u.key.startsWith(prefix) && after(u))
    .sort((a, b) => (a.key === b.key ? a.initiated - b.initiated : a.key < b.key ? -1 : 1));
  const page = uploads.slice(0, max);
  const last = page.at(-1);
  return {
    Bucket: input.Bucket,
    KeyMarker: input.KeyMarker ?? "",
    UploadIdMarker: input.UploadIdMarker ?? "",
    NextKeyMarker: last?.key,
    NextUploadIdMarker: last?.uploadId,
    Prefix: input.Prefix,
    MaxUploads: max,
    IsTruncated: uploads.length > page.length,
    Uploads: page.map((u) => ({
      Key: u.key,
      UploadId: u.uploadId,
      Initiator: { ID: OWNER.ID, DisplayName: OWNER.DisplayName },
      Owner: OWNER,
      StorageClass: "STANDARD",
      Initiated: new Date(u.initiated),
    })),
  };
}

function checkedPartNumber(partNumber: number | undefined): number {
  if (partNumber === undefined || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS)
    throw s3Errors.invalidArgument(
      "Part number must be an integer between 1 and 10000, inclusive",
      "partNumber",
      String(partNumber ?? ""),
    );
  return partNumber;
}

/** x-amz-copy-source-range: `bytes=first-last`, within the source (S3: InvalidArgument / InvalidRange otherwise). */
function copyRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(header);
  if (!m || Number(m[2]) < Number(m[1]))
    throw s3Errors.invalidArgument(
      "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
      "x-amz-copy-source-range",
      header,
    );
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end >= size) throw s3Errors.invalidRange(size, header);
  return { start, end };
}

const unquoted = (etag: string | undefined) => etag?.replace(/^"|"$/g, "");

/** COMPOSITE: the checksum of the parts' checksums, `-N`; FULL_OBJECT: the whole object's, computed as it was assembled. */
function objectChecksum(upload: Upload, parts: Part[], whole: Buffer | undefined): ObjectMeta["checksum"] {
  const algorithm: ChecksumAlgorithm | undefined = upload.checksumAlgorithm;
  if (!algorithm) return undefined;
  if (whole) return { algorithm, value: whole.toString("base64") };
  if (parts.some((p) => p.checksum?.algorithm !== algorithm)) return undefined;
  const digest = CHECKSUM_ALGORITHMS[algorithm].digest();
  for (const part of parts) digest.update(Buffer.from(part.checksum!.value, "base64"));
  return { algorithm, value: `${digest.digest().toString("base64")}-${parts.length}` };
}
