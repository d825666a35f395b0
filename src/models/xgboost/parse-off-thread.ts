/**
 * Parses an XGBoost model file (JSON or UBJSON) on a worker thread of its own: parsing a model of
 * millions of nodes takes seconds, which the event loop must not spend. The forest comes back as typed arrays,
 * moved (not copied) to the caller; the worker ends with the parse, and its memory with it.
 */
import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { ArtifactError } from "../errors";
import type { XgboostForest } from "./xgboost-json-model";

/** What the worker answers: the forest, or the ArtifactError's message. */
export type ParseAnswer = { forest: XgboostForest } | { artifactError: string };

const WORKER = join(__dirname, `parse-worker${extname(__filename)}`);

/** Run from source (tsx, vitest), the worker loads TypeScript through tsx's CommonJS hook. */
const workerSource = `${WORKER.endsWith(".ts") ? 'require("tsx/cjs");' : ""}require(${JSON.stringify(WORKER)});`;

export function parseXgboostModelOffThread(bytes: Uint8Array, file: string): Promise<XgboostForest> {
  return new Promise((resolve, reject) => {
    // The bytes move to the worker: the caller keeps no copy of the file.
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { bytes, file },
      transferList: [bytes.buffer as ArrayBuffer],
    });
    worker.once("message", (answer: ParseAnswer) => {
      void worker.terminate();
      if ("forest" in answer) resolve(answer.forest);
      else reject(new ArtifactError(answer.artifactError));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the model parser's worker exited (${code}) without answering`)));
  });
}
