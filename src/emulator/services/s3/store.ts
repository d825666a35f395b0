/**
 * S3 behaviour: buckets and objects, persisted in the state directory. No HTTP here; errors are
 * S3's own (errors.ts). Object metadata lives in one Collection per bucket, bodies in a BlobStore
 * under random ids, so neither bucket names nor keys ever become file paths.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { BlobStore } from "../../store/blobs";
import { Collection } from "../../store/collection";
import type { Quarantine } from "../../store/quarantine";
import { Validator } from "../validation";
import { s3Errors } from "./errors";
import type { ObjectHeaders, ObjectMeta } from "./records";
import { md5, md5Digest } from "./checksums";
import type { Tag } from "./shapes";
import type { StagedBody } from "../../body-spool";
import { Uploads } from "./multipart-store";

export interface Bucket {
  name: string;
  region: string;
  created: number;
  /** PutBucketTagging's tag set; absent when none was put (or it was deleted). */
  tags?: Tag[];
}

/** An object's new bytes (S3Store.putObject); a stream's ETag is the MD5 of its bytes unless given (a multipart object's). */
export type ObjectBody = Buffer | StagedBody | { stream: AsyncIterable<Buffer>; etag?: string };

export interface ListPage {
  contents: ObjectMeta[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
}

export interface ListRequest {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  continuationToken?: string;
  startAfter?: string;
  /** ListObjects (v1): list after this key, or after every key under it when it is a common prefix. */
  marker?: string;
}

/** S3's bucket tag limits (the tagging restrictions of the S3 user guide; messages inferred where S3 documents none). */
const MAX_BUCKET_TAGS = 50;

/** S3 answers the first limit broken, in its own words: InvalidTag. */
const tagLimits = () =>
  new Validator(([{ path }]) =>
    s3Errors.invalidTag(
      path === "TagSet"
        ? `Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`
        : `The Tag${path} you have provided is invalid`,
    ),
  );

function validateBucketTags(tags: Tag[]): void {
  const v = tagLimits();
  v.list("TagSet", tags, { max: MAX_BUCKET_TAGS });
  v.check();
  const keys = new Set<string>();
  for (const { Key, Value } of tags) {
    if (keys.has(Key)) throw s3Errors.invalidTag("Cannot provide multiple Tags with the same key");
    keys.add(Key);
    if (Key.toLowerCase().startsWith("aws:"))
      throw s3Errors.invalidTag("System tags cannot be added/updated by requester");
    v.string("Key", Key, { min: 1, max: 128 });
    v.string("Value", Value, { max: 256 });
    v.check();
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function isValidBucketName(name: string): boolean {
  return (
    BUCKET_NAME.test(name) &&
    !name.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith("xn--") &&
    !name.endsWith("-s3alias")
  );
}

export const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Per-bucket admission: object writes share a bucket, creating or deleting the bucket has it to
 * itself. So a DeleteBucket never removes the directory under a PutObject in flight (S3 answers
 * one of them, BucketNotEmpty or NoSuchBucket), and two CreateBuckets of one name do not both
 * create it.
 */
class BucketGate {
  private active = 0;
  private closed: Promise<void> | undefined;
  private idle: (() => void)[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.active++;
    try {
      return await fn();
    } finally {
      if (--this.active === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    let open!: () => void;
    this.closed = new Promise<void>((resolve) => (open = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      return await fn();
    } finally {
      this.closed = undefined;
      open();
    }
  }
}

export class S3Store {
  private readonly gates = new Map<string, BucketGate>();

  private constructor(
    private readonly root: string,
    private readonly buckets: Collection<Bucket>,
    private readonly objects: Map<string, Collection<ObjectMeta>>,
    private readonly blobs: BlobStore,
    /** The emulator's time (epoch ms): objects' and parts' times are on it. */
    readonly clock: () => number,
    private readonly quarantine: Quarantine,
    /** Multipart uploads in progress. */
    readonly uploads: Uploads,
  ) {}

  static async open(root: string, clock: () => number, quarantine: Quarantine): Promise<S3Store> {
    const buckets = await Collection.open<Bucket>(join(root, "buckets"), quarantine);
    const objects = new Map<string, Collection<ObjectMeta>>();
    const referenced = new Set<string>();
    for (const bucket of buckets.values()) {
      const collection = await Collection.open<ObjectMeta>(objectsDir(root, bucket.name), quarantine);
      for (const meta of collection.values()) referenced.add(meta.blob);
      objects.set(bucket.name, collection);
    }
    const blobs = await BlobStore.open(join(root, "blobs"));
    const uploads = await Uploads.open(root, blobs, clock, quarantine);
    for (const blob of uploads.blobIds()) referenced.add(blob);
    await blobs.sweep(referenced);
    return new S3Store(root, buckets, objects, blobs, clock, quarantine, uploads);
  }

  /** Where request bodies are staged: beside the blobs, so one is renamed into place (a crash's leftovers are swept at start). */
  get stagingDir(): string {
    return this.blobs.dir;
  }

  listBuckets(): Bucket[] {
    return [...this.buckets.values()].sort((a, b) => utf8Order(a.name, b.name));
  }

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /** Returns false when the bucket already existed (the caller decides if that is an error). */
  async createBucket(name: string, region: string): Promise<boolean> {
    if (!isValidBucketName(name)) throw s3Errors.invalidBucketName(name);
    return this.gate(name).exclusive(async () => {
      if (this.buckets.has(name)) return false;
      this.objects.set(name, await Collection.open<ObjectMeta>(objectsDir(this.root, name), this.quarantine));
      await this.buckets.put(name, { name, region, created: this.clock() });
      return true;
    });
  }

  /** Replaces the bucket's tag set (undefined deletes it). */
  async setBucketTags(name: string, tags: Tag[] | undefined): Promise<void> {
    this.bucket(name);
    if (tags) validateBucketTags(tags);
    await this.gate(name).exclusive(async () => {
      const { tags: _, ...bucket } = this.bucket(name);
      await this.buckets.put(name, tags ? { ...bucket, tags } : bucket);
    });
  }

  async deleteBucket(name: string): Promise<void> {
    this.objectsOf(name);
    await this.gate(name).exclusive(async () => {
      const objects = this.objectsOf(name);
      if (objects.size > 0) throw s3Errors.bucketNotEmpty(name);
      for (const upload of this.uploads.list(name)) await this.uploads.end(upload);
      await this.buckets.delete(name);
      this.objects.delete(name);
      await fs.rm(objectsDir(this.root, name), { recursive: true, force: true });
    });
  }

  /**
   * Stores an object's bytes and headers. The bytes: in memory (data capture), a request body
   * already staged on disk with its MD5 (PutObject), or another object's bytes streamed (CopyObject).
   */
  async putObject(
    bucket: string,
    key: string,
    data: ObjectBody,
    headers: ObjectHeaders,
    /** Or, for bytes whose checksum is known once they are written (a multipart object's), its function. */
    checksum?: ObjectMeta["checksum"] | (() => ObjectMeta["checksum"]),
    /** Checked against whether the key exists at the moment the object would replace it (PutObject's If-None-Match). */
    precondition?: (exists: boolean) => void,
  ): Promise<ObjectMeta> {
    this.objectsOf(bucket);
    if (Buffer.byteLength(key) > 1024) throw s3Errors.keyTooLong();
    return this.gate(bucket).shared(async () => {
      const objects = this.objectsOf(bucket);
      const { blob, size, etag } = await this.writeBlob(data);
      const meta: ObjectMeta = {
        ...headers,
        key,
        blob,
        size,
        etag,
        lastModified: this.clock(),
        checksum: typeof checksum === "function" ? checksum() : checksum,
      };
      const previous = objects.get(key);
      try {
        // Checked and replaced in one turn: of two conditional writes, one wins.
        precondition?.(previous !== undefined);
        await objects.put(key, meta);
      } catch (e) {
        // The object stays as it was: its new body goes too.
        await this.blobs.remove(blob).catch(() => undefined);
        throw e;
      }
      if (previous) await this.blobs.remove(previous.blob);
      return meta;
    });
  }

  /** The bytes as a new blob, with their size and ETag (quoted). */
  async writeBlob(data: ObjectBody): Promise<{ blob: string; size: number; etag: string }> {
    const quoted = (md5: Buffer) => `"${md5.toString("hex")}"`;
    if (Buffer.isBuffer(data))
      return { blob: await this.blobs.write(data), size: data.length, etag: quoted(md5(data)) };
    if ("path" in data)
      return { blob: await this.blobs.adopt(data.path), size: data.size, etag: quoted(data.digests["md5"]!) };
    const digest = md5Digest();
    let size = 0;
    const blob = await this.blobs.writeFrom(
      (async function* () {
        for await (const chunk of data.stream) {
          digest.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      })(),
    );
    return { blob, size, etag: data.etag ?? quoted(digest.digest()) };
  }

  /** A blob's bytes as a stream (a part of a multipart upload). */
  async *readBlob(blob: string, range?: { start: number; end: number }): AsyncGenerator<Buffer> {
    const handle = await this.blobs.open(blob);
    try {
      for await (const chunk of handle.createReadStream({ ...range, autoClose: false })) yield chunk as Buffer;
    } finally {
      await handle.close();
    }
  }

  has(bucket: string, key: string): boolean {
    return this.objects.get(bucket)?.has(key) ?? false;
  }

  head(bucket: string, key: string): ObjectMeta {
    const meta = this.objectsOf(bucket).get(key);
    if (!meta) throw s3Errors.noSuchKey(key);
    return meta;
  }

  /**
   * The object as it is now, opened: its bytes stay readable through the handle while the object
   * is overwritten or deleted. A concurrent overwrite or delete may remove the blob between reading
   * the metadata and opening it: then the metadata is read again (the new version, or NoSuchKey).
   */
  async open(bucket: string, key: string): Promise<{ meta: ObjectMeta; handle: FileHandle }> {
    for (let attempt = 0; ; attempt++) {
      const meta = this.head(bucket, key);
      try {
        return { meta, handle: await this.blobs.open(meta.blob) };
      } catch (e) {
        if (
          (e as NodeJS.ErrnoException).code !== "ENOENT" ||
          attempt >= 100 ||
          this.objects.get(bucket)?.get(key) === meta
        )
          throw e;
      }
    }
  }

  /** The object's bytes in memory (model artifacts). */
  async get(bucket: string, key: string): Promise<{ meta: ObjectMeta; data: Buffer }> {
    const { meta, handle } = await this.open(bucket, key);
    try {
      return { meta, data: await handle.readFile() };
    } finally {
      await handle.close();
    }
  }

  /** Deleting a missing key succeeds, as on S3. */
  async deleteObject(bucket: string, key: string): Promise<void> {
    this.objectsOf(bucket);
    await this.gate(bucket).shared(async () => {
      const objects = this.objectsOf(bucket);
      const meta = objects.get(key);
      if (!meta) return;
      await objects.delete(key);
      await this.blobs.remove(meta.blob);
    });
  }

  list(bucket: string, req: ListRequest): ListPage {
    const objects = this.objectsOf(bucket);
    const marker =
      req.continuationToken !== undefined
        ? decodeToken(req.continuationToken)
        : req.marker !== undefined
          ? { value: req.marker, isPrefix: req.delimiter !== undefined && req.marker.endsWith(req.delimiter) }
          : undefined;
    const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false };
    let last: { value: string; isPrefix: boolean } | undefined;
    const keys = [...objects.keys()].filter((k) => k.startsWith(req.prefix)).sort(utf8Order);
    for (const key of keys) {
      if (
        marker
          ? utf8Order(key, marker.value) <= 0 || (marker.isPrefix && key.startsWith(marker.value))
          : req.startAfter !== undefined && utf8Order(key, req.startAfter) <= 0
      )
        continue;
      const cut = req.delimiter ? key.indexOf(req.delimiter, req.prefix.length) : -1;
      const item =
        cut >= 0
          ? { value: key.slice(0, cut + req.delimiter!.length), isPrefix: true }
          : { value: key, isPrefix: false };
      if (item.isPrefix && last?.isPrefix && last.value === item.value) continue;
      if (page.contents.length + page.commonPrefixes.length >= req.maxKeys) {
        page.isTruncated = true;
        page.nextContinuationToken = last && encodeToken(last);
        break;
      }
      if (item.isPrefix) page.commonPrefixes.push(item.value);
      else page.contents.push(objects.get(key)!);
      last = item;
    }
    return page;
  }

  private gate(bucket: string): BucketGate {
    let gate = this.gates.get(bucket);
    if (!gate) this.gates.set(bucket, (gate = new BucketGate()));
    return gate;
  }

  private objectsOf(bucket: string): Collection<ObjectMeta> {
    const objects = this.objects.get(bucket);
    if (!objects) throw s3Errors.noSuchBucket(bucket);
    return objects;
  }
}

function objectsDir(root: string, bucket: string): string {
  return join(root, "objects", createHash("sha256").update(bucket).digest("hex"));
}

// Continuation tokens are opaque to clients: the last key (or common prefix) of the page.
function encodeToken(item: { value: string; isPrefix: boolean }): string {
  return Buffer.from(JSON.stringify([item.value, item.isPrefix])).toString("base64");
}

function decodeToken(token: string): { value: string; isPrefix: boolean } {
  try {
    const [value, isPrefix] = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as unknown[];
    if (typeof value === "string" && typeof isPrefix === "boolean") return { value, isPrefix };
  } catch {
    // fall through
  }
  throw s3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
}
