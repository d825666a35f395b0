/**
 * The notebook's data: the model artifacts and test CSVs Task 0 stages to S3
 * (staging.ts sends them), and the test payloads read back from S3.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DataFrame } from "danfojs-node";
import type { Clients } from "./clients";
import type { NotebookConfig } from "./config";

/** Built by `npm run train` (src/models/training). */
export const DATA_DIR = join(__dirname, "..", "..", "data");
export const ARTIFACTS = { v1: "005-model.tar.gz", v2: "009-model.tar.gz" } as const;
export const TEST_WITH_LABELS = "test_linear.csv";
export const TEST_PAYLOADS = "test_linear_input_cols.csv";
/** Label encoding of the weather classes (alphabetical, as in training). */
export const CLASS_NAMES = ["drizzle", "fog", "rain", "snow", "sun"] as const;

/** A file of data/ (model artifacts and test CSVs, built by `npm run train`), as the bytes to upload. */
export function dataFile(name: string): Buffer {
  return readFileSync(join(DATA_DIR, name));
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
