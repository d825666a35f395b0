/**
 * The notebook's data: the bucket, model artifacts and test CSVs staged to S3
 * from Task 0's cells (uploaded only when missing or different), and the test
 * payloads read back from S3.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type CreateBucketCommandInput,
  type PutObjectCommandInput,
} from "@aws-sdk/client-s3";
import { DataFrame } from "danfojs-node";
import type { Clients } from "./clients";
import type { NotebookConfig } from "./config";
import { NotebookError, withNextStep } from "./errors";
import { log } from "../view/live/log";
import { showRequest } from "../view/live/request";
import type { Session } from "./session";

/** Built by `npm run train` (src/models/training). */
export const DATA_DIR = join(__dirname, "..", "..", "data");
export const ARTIFACTS = { v1: "005-model.tar.gz", v2: "009-model.tar.gz" } as const;
export const TEST_WITH_LABELS = "test_linear.csv";
export const TEST_PAYLOADS = "test_linear_input_cols.csv";
/** Label encoding of the weather classes (alphabetical, as in training). */
export const CLASS_NAMES = ["drizzle", "fog", "rain", "snow", "sun"] as const;

/** S3's "no such bucket / key" in any of the forms the SDK reports it. */
export function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    err.name === "NotFound" ||
    err.name === "NoSuchKey" ||
    err.name === "NoSuchBucket" ||
    err.$metadata?.httpStatusCode === 404
  );
}

/** A file of data/ (model artifacts and test CSVs, built by `npm run train`), as the bytes to upload. */
export function dataFile(name: string): Buffer {
  return readFileSync(join(DATA_DIR, name));
}

/**
 * CreateBucket from a cell: skipped when the bucket exists. On AWS the bucket
 * is the user's own (GUARDRAILS_BUCKET), so a missing one is an error to fix
 * there, not something to create in someone's account.
 */
export function createBucket(session: Session, input: CreateBucketCommandInput): Promise<void> {
  showRequest("CreateBucket", input);
  return withNextStep(session, async () => {
    const { clients, config } = session;
    try {
      await clients.s3.send(new HeadBucketCommand({ Bucket: input.Bucket }));
      log(`♻️ Bucket ${input.Bucket ?? ""} exists: reused.`);
      return;
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
    if (config.target === "aws")
      throw new NotebookError(
        `Bucket ${input.Bucket ?? ""} (GUARDRAILS_BUCKET) does not exist or is not yours: create it, or set GUARDRAILS_BUCKET to one of yours.`,
      );
    await clients.s3.send(new CreateBucketCommand(input));
    log(`✅ Created bucket ${input.Bucket ?? ""}.`);
  });
}

/** PutObject from a cell: skipped when S3 already holds the same bytes (same MD5 ETag). */
export function putObject(session: Session, input: PutObjectCommandInput): Promise<"uploaded" | "present"> {
  showRequest("PutObject", input);
  return withNextStep(session, async () => {
    const s3 = session.clients.s3;
    const uri = `s3://${input.Bucket ?? ""}/${input.Key ?? ""}`;
    const body = input.Body;
    // Only bytes in hand can be compared; any other body is uploaded.
    const etag =
      typeof body === "string" || body instanceof Uint8Array
        ? `"${createHash("md5").update(body).digest("hex")}"`
        : undefined;
    const present =
      etag !== undefined &&
      (await s3.send(new HeadObjectCommand({ Bucket: input.Bucket, Key: input.Key })).then(
        (h) => h.ETag === etag,
        (e: unknown) => {
          if (isMissing(e)) return false;
          throw e;
        },
      ));
    if (present) {
      log(`♻️ ${uri} holds the same bytes: not uploaded again.`);
      return "present";
    }
    await s3.send(new PutObjectCommand(input));
    log(`⬆️ Uploaded ${uri}.`);
    return "uploaded";
  });
}

export interface Payloads {
  /** One CSV line per request (features only). */
  rows: string[];
  /** True class index per row (from test_linear.csv). */
  labels: number[];
  /** The payload rows as a DataFrame (label first). */
  frame: DataFrame;
}

async function readS3Text(clients: Clients, config: NotebookConfig, file: string): Promise<string> {
  const out = await clients.s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: `${config.prefix}/${file}` }));
  return (await out.Body?.transformToString("utf8")) ?? "";
}

/** Reads the labelled test set from S3: payload rows, labels, and a DataFrame of both. */
export async function loadPayloads(clients: Clients, config: NotebookConfig): Promise<Payloads> {
  const lines = (await readS3Text(clients, config, TEST_WITH_LABELS)).split("\n").filter((l) => l.trim() !== "");
  const cells = lines.map((l) => l.split(","));
  const labels = cells.map((c) => Number(c[0]));
  const rows = cells.map((c) => c.slice(1).join(","));
  const frame = new DataFrame(
    cells.map((c) => c.map(Number)),
    { columns: ["label", ...featureNames()] },
  );
  return { rows, labels, frame };
}

/** Column names of the feature rows, as `npm run train` documents them in feature_names.json. */
export function featureNames(): string[] {
  const doc = JSON.parse(readFileSync(join(DATA_DIR, "feature_names.json"), "utf8")) as {
    features: Array<{ name: string }>;
  };
  return doc.features.map((f) => f.name);
}
