/** Helpers that assemble linear-learner artifacts from parts, for reader tests. */
import { writeTarGz } from "../../../src/models/archive/tar-gz";
import { writeZip } from "../../../src/models/archive/zip";
import {
  buildLinearLearnerGraph,
  type PredictorType,
  symbolJson,
} from "../../../src/models/linear-learner/linear-learner-graph";
import { encodeParams } from "../../../src/models/linear-learner/ndarray-params";

export const MANIFEST = '{"mx-mod": "mxnet_module", "additional-params.json": "json", "version": 1}';

export function additionalParams(predictorType: string): string {
  return JSON.stringify({ threshold: 0.5, loss_type: "softmax_loss", predictor_type: predictorType });
}

/** The four files of `model_algo-1` for a small model, as strings / bytes. */
export function modelFiles(
  predictorType: PredictorType,
  weights: number[],
  bias: number[] | null,
  featureCount: number,
): Record<string, string | Uint8Array> {
  const k = weights.length / featureCount;
  const arrays = [{ name: "arg:fc0_weight", shape: [featureCount, k], data: Float32Array.from(weights) }];
  if (bias) arrays.push({ name: "arg:fc0_bias", shape: [1, k], data: Float32Array.from(bias) });
  return {
    "manifest.json": MANIFEST,
    "additional-params.json": additionalParams(predictorType),
    "mx-mod-symbol.json": symbolJson(
      buildLinearLearnerGraph({ predictorType, featureCount, outputCount: k, useBias: bias !== null }),
    ),
    "mx-mod-0000.params": encodeParams(arrays),
  };
}

export function artifactFrom(files: Record<string, string | Uint8Array>, member = "model_algo-1"): Uint8Array {
  const zip = writeZip(
    Object.entries(files).map(([name, data]) => ({
      name,
      data: typeof data === "string" ? new TextEncoder().encode(data) : data,
    })),
  );
  return writeTarGz([{ name: member, data: zip }]);
}
