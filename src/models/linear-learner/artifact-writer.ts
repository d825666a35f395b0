/**
 * Writes a linear-learner `model.tar.gz` exactly as SageMaker's built-in
 * algorithm lays it out: one tar member `model_algo-1`, a zip holding
 * `manifest.json`, `additional-params.json`, `mx-mod-symbol.json` and
 * `mx-mod-0000.params`. Deterministic: the same parameters give the same bytes.
 */
import { writeTarGz } from "../archive/tar-gz";
import { writeZip } from "../archive/zip";
import { buildLinearLearnerGraph, type PredictorType, symbolJson } from "./linear-learner-graph";
import type { LinearModelParams } from "./linear-model";
import { encodeParams, type NamedArray } from "./ndarray-params";

export const MODEL_MEMBER = "model_algo-1";

const LOSS_TYPES: Record<PredictorType, string> = {
  multiclass_classifier: "softmax_loss",
  binary_classifier: "logistic",
  regressor: "squared_loss",
};

export function writeLinearLearnerArtifact(model: LinearModelParams): Uint8Array {
  const { featureCount: f, outputCount: k } = model;
  if (model.weights.length !== f * k)
    throw new Error(`weights hold ${model.weights.length} values, expected ${f}×${k}`);
  if (model.bias && model.bias.length !== k) throw new Error(`bias holds ${model.bias.length} values, expected ${k}`);
  const graph = buildLinearLearnerGraph({ ...model, useBias: model.bias !== null });
  const arrays: NamedArray[] = [{ name: "arg:fc0_weight", shape: [f, k], data: model.weights }];
  if (model.bias) arrays.push({ name: "arg:fc0_bias", shape: [1, k], data: model.bias });
  const text = (value: string) => new TextEncoder().encode(value);
  const json = (value: unknown) => text(JSON.stringify(value));
  const zip = writeZip([
    { name: "manifest.json", data: json({ "mx-mod": "mxnet_module", "additional-params.json": "json", version: 1 }) },
    {
      name: "additional-params.json",
      data: json({
        threshold: 0.5,
        loss_type: LOSS_TYPES[model.predictorType],
        predictor_type: model.predictorType,
        metrics_params: { positive_example_weight_mult: 1.0, num_classes: k },
      }),
    },
    { name: "mx-mod-symbol.json", data: text(symbolJson(graph)) },
    { name: "mx-mod-0000.params", data: encodeParams(arrays) },
  ]);
  return writeTarGz([{ name: MODEL_MEMBER, data: zip }]);
}
