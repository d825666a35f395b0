/**
 * The notebook's data: model artifacts and test CSVs staged to S3 (uploaded
 * only when missing or different), and the test payloads read back from S3.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DataFrame } from "danfojs-node";
import type { Clients } from "./clients";
import { s3Uri, type NotebookConfig } from "./config";

/** Built by `npm run train` (src/models/training). */
export const DATA_DIR = join(__dirname, "..", "data");
export const ARTIFACTS = { v1: "005-model.tar.gz", v2: "009-model.tar.gz" } as const;
export const TEST_WITH_LABELS = "test_linear.csv";
export const TEST_PAYLOADS = "test_linear_input_cols.csv";
/** Label encoding of the weather classes (alphabetical, as in training). */
export const CLASS_NAMES = ["drizzle", "fog", "rain", "snow", "sun"] as const;

export interface StagedFile {
  file: string;
  uri: string;
  action: "uploaded" | "present";
}

/** S3's "no such bucket / key" in any of the forms the SDK reports it. */
export function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NotFound" || err.name === "NoSuchKey" || err.name === "NoSuchBucket" || err.$metadata?.httpStatusCode === 404;
}

async function ensureBucket(clients: Clients, config: NotebookConfig): Promise<void> {
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: config.bucket }));
  } catch (e) {
    if (!isMissing(e)) throw e;
    if (config.target === "aws") throw new Error(`Bucket ${config.bucket} (GUARDRAILS_BUCKET) does not exist or is not yours.`);
    await clients.s3.send(new CreateBucketCommand({ Bucket: config.bucket }));
  }
}

/** Uploads each artifact and CSV unless S3 already holds the same bytes (same MD5 ETag). */
export async function stageData(clients: Clients, config: NotebookConfig): Promise<StagedFile[]> {
  await ensureBucket(clients, config);
  const staged: StagedFile[] = [];
  for (const file of [ARTIFACTS.v1, ARTIFACTS.v2, TEST_WITH_LABELS, TEST_PAYLOADS]) {
    const body = readFileSync(join(DATA_DIR, file));
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    const key = `${config.prefix}/${file}`;
    const present = await clients.s3.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key })).then(
      (h) => h.ETag === etag,
      (e: unknown) => {
        if (isMissing(e)) return false;
        throw e;
      },
    );
    if (!present) await clients.s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body }));
    staged.push({ file, uri: s3Uri(config, file), action: present ? "present" : "uploaded" });
  }
  return staged;
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
  const doc = JSON.parse(readFileSync(join(DATA_DIR, "feature_names.json"), "utf8")) as { features: Array<{ name: string }> };
  return doc.features.map((f) => f.name);
}
