/**
 * linear-learner's response bodies (SageMaker docs, "Linear learner response
 * formats"), printed the way the Python container prints them: scores with
 * all the digits of the float32 value, labels as floats (`2.0`).
 *
 *  - multiclass: `{"score": [p0, …], "predicted_label": k}`
 *  - binary:     `{"score": p, "predicted_label": 0.0|1.0}`
 *  - regressor:  `{"score": y}`
 *
 * `application/json` wraps them as `{"predictions": [...]}`;
 * `application/jsonlines` writes one per line.
 */
import { pythonFloat } from "../serving/python-float";
import type { PredictorType } from "./linear-learner-graph";

export interface Predictions {
  predictorType: PredictorType;
  rows: number;
  /** rows × outputCount scores. */
  scores: Float32Array;
  outputCount: number;
  /** Predicted class per row (classifiers only). */
  labels: Int32Array | null;
}

function formatPrediction(p: Predictions, row: number): string {
  const k = p.outputCount;
  let score: string;
  if (p.predictorType === "multiclass_classifier") {
    const parts = new Array<string>(k);
    for (let j = 0; j < k; j++) parts[j] = pythonFloat(p.scores[row * k + j]!);
    score = `[${parts.join(",")}]`;
  } else {
    score = pythonFloat(p.scores[row]!);
  }
  return p.labels ? `{"score":${score},"predicted_label":${p.labels[row]}.0}` : `{"score":${score}}`;
}

export function formatJson(p: Predictions): string {
  const items = new Array<string>(p.rows);
  for (let r = 0; r < p.rows; r++) items[r] = formatPrediction(p, r);
  return `{"predictions":[${items.join(",")}]}`;
}

export function formatJsonLines(p: Predictions): string {
  const lines = new Array<string>(p.rows);
  for (let r = 0; r < p.rows; r++) lines[r] = formatPrediction(p, r);
  return lines.join("\n") + "\n";
}
