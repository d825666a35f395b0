/**
 * Multipart uploads in progress: one record per upload (its object's headers, the checksum it was
 * started with, and its parts), the parts' bytes as blobs beside the objects'. A part is written
 * to its blob before the record names it, so a crash leaves at worst an unreferenced blob (swept
 * at start). An upload untouched for ABANDONED_AFTER_MS is aborted when the store opens, its parts
 * removed: S3 keeps such uploads until a lifecycle rule aborts them; the emulator, which has no
 * lifecycle rules, applies that rule itself.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { BlobStore } from "../../store/blobs";
import { Collection } from "../../store/collection";
import type { Quarantine } from "../../store/quarantine";
import type { ChecksumAlgorithm } from "./checksums";
import { s3Errors } from "./errors";
import type { ObjectHeaders, ObjectMeta } from "./records";

/** A week without a new part: the upload is taken as abandoned. */
export const ABANDONED_AFTER_MS = 7 * 24 * 3600 * 1000;

export interface Part {
  partNumber: number;
  blob: string;
  size: number;
  /** The part's MD5, hex (its ETag without quotes). */
  md5: string;
  lastModified: number;
  checksum?: ObjectMeta["checksum"];
}

export interface Upload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  touched: number;
  headers: ObjectHeaders;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: "COMPOSITE" | "FULL_OBJECT";
  /** By part number (as a string: JSON's keys). */
  parts: Record<string, Part>;
}

export class Uploads {
  private constructor(
    private readonly records: Collection<Upload>,
    private readonly blobs: BlobStore,
    private readonly clock: () => number,
  ) {}

  static async open(root: string, blobs: BlobStore, clock: () => number, quarantine: Quarantine) {
    const records = await Collection.open<Upload>(join(root, "uploads"), quarantine);
    const uploads = new Uploads(records, blobs, clock);
    for (const upload of [...records.values()])
      if (clock() - upload.touched > ABANDONED_AFTER_MS)
        await uploads.abort(upload.bucket, upload.key, upload.uploadId);
    return uploads;
  }

  /** The blobs the uploads' parts hold (kept by the start-up sweep). */
  blobIds(): string[] {
    return [...this.records.values()].flatMap((u) => Object.values(u.parts).map((p) => p.blob));
  }

  async create(upload: Omit<Upload, "uploadId" | "initiated" | "touched" | "parts">): Promise<Upload> {
    const now = this.clock();
    const record: Upload = {
      ...upload,
      uploadId: randomBytes(24).toString("base64url"),
      initiated: now,
      touched: now,
      parts: {},
    };
    await this.records.put(record.uploadId, record);
    return record;
  }

  /** The upload, if it is one of this bucket's and key's (S3 answers NoSuchUpload otherwise). */
  get(bucket: string, key: string, uploadId: string): Upload {
    const upload = this.records.get(uploadId);
    if (!upload || upload.bucket !== bucket || upload.key !== key) throw s3Errors.noSuchUpload(uploadId);
    return upload;
  }

  list(bucket: string): Upload[] {
    return [...this.records.values()].filter((u) => u.bucket === bucket);
  }

  /** Stores a part whose bytes are already a blob; a part of the same number is replaced. */
  async putPart(bucket: string, key: string, uploadId: string, part: Part): Promise<void> {
    let upload: Upload;
    try {
      upload = this.get(bucket, key, uploadId);
    } catch (e) {
      await this.blobs.remove(part.blob);
      throw e;
    }
    const previous = upload.parts[String(part.partNumber)];
    // Read and replaced in one turn, so concurrent parts of one upload do not overwrite each other.
    const updated = { ...upload, touched: this.clock(), parts: { ...upload.parts, [String(part.partNumber)]: part } };
    try {
      await this.records.put(uploadId, updated);
    } catch (e) {
      await this.blobs.remove(part.blob).catch(() => undefined);
      throw e;
    }
    if (previous) await this.blobs.remove(previous.blob);
  }

  /** Ends an upload (completed or aborted): its record, then the blobs of parts not kept. */
  async end(upload: Upload, kept: ReadonlySet<string> = new Set()): Promise<void> {
    await this.records.delete(upload.uploadId);
    for (const part of Object.values(upload.parts)) if (!kept.has(part.blob)) await this.blobs.remove(part.blob);
  }

  async abort(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.end(this.get(bucket, key, uploadId));
  }
}
