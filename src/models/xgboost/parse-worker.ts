/** The worker of parse-off-thread.ts: parses the model file it is given and posts the forest back. */
import { parentPort, workerData } from "node:worker_threads";
import { ArtifactError } from "../errors";
import { parseXgboostModelFile } from "./model-file";
import type { ParseAnswer } from "./parse-off-thread";

const { bytes, file } = workerData as { bytes: Uint8Array; file: string };
let answer: ParseAnswer;
try {
  answer = { forest: parseXgboostModelFile(bytes, file) };
} catch (err) {
  if (!(err instanceof ArtifactError)) throw err;
  answer = { artifactError: err.message };
}
const moved: ArrayBuffer[] =
  "forest" in answer
    ? [
        ...answer.forest.trees.flatMap((t) =>
          [t.left, t.right, t.feature, t.value, t.defaultLeft].map((a) => a.buffer as ArrayBuffer),
        ),
        answer.forest.treeGroup.buffer as ArrayBuffer,
        answer.forest.treeWeight.buffer as ArrayBuffer,
      ]
    : [];
parentPort!.postMessage(answer, moved);
