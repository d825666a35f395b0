/**
 * Public API of the models package, for the emulator's algorithm containers
 * (and anything else that needs to read or serve SageMaker model artifacts).
 *
 * Loading
 *   loadLinearLearner(tarGz, source) → LinearLearnerModel
 *     A built-in linear-learner `model.tar.gz` (ours or one trained by
 *     SageMaker): `model_algo-1` zip → manifest, additional params, MXNet
 *     symbol graph (interpreted op by op) and NDArray parameters.
 *   loadXgboost(tarGz, source) → XgboostModel
 *     An XGBoost `model.tar.gz` holding `xgboost-model` in XGBoost's JSON,
 *     UBJSON or legacy binary format, or a pickled Booster (read without
 *     executing it). Its error messages start `Unable to load model:`.
 *   Both throw `ArtifactError` whose message names the archive (`source`, e.g.
 *   the S3 URL), the file inside it and what is wrong.
 *   loadLinearLearnerStreamed / loadXgboostStreamed → Promise of the same
 *     What a server uses: the archive is inflated as a stream on libuv's thread
 *     pool keeping only the model's members, and a large XGBoost model is parsed
 *     on a worker thread, so loading never holds the event loop for long.
 *
 * Serving
 *   ModelServer.invoke(body, contentType, accept) → { status, contentType, body }
 *     What the container answers: 200 with the algorithm's response format,
 *     400 for a bad payload (message names the row), 415 for an unsupported
 *     content type, 406 for an unsupported Accept. Never throws for a bad
 *     payload. Both model classes implement it.
 *   PayloadError (status + container message) is what the payload parsers
 *   raise internally; invoke() turns it into the response.
 *   failingModelServer(message)
 *     A container whose model did not load: every invocation → 500 + message
 *     (what SageMaker's XGBoost 1.2-1 container did with a linear-learner artifact).
 *
 * Scoring directly
 *   LinearLearnerModel.score(features, rows) / .predict(features, rows)
 *   XgboostModel.predict(values, rows, columns?)
 *   with row-major Float32Array inputs, batched.
 *
 * Building artifacts
 *   writeLinearLearnerArtifact(params) → model.tar.gz bytes (deterministic).
 */
import { loadLinearLearnerArtifact, loadLinearLearnerArtifactStreamed } from "./linear-learner/artifact-reader";
import type { LinearLearnerModel } from "./linear-learner/linear-learner-model";
import { loadXgboostArtifact, loadXgboostArtifactStreamed } from "./xgboost/artifact-reader";
import type { XgboostModel } from "./xgboost/xgboost-model";
import type { XgboostImage } from "./xgboost/image-versions";

export { ArtifactError } from "./errors";
export type { InvocationResult, ModelServer } from "./serving/model-server";
export { failingModelServer, PayloadError } from "./serving/model-server";
export { LinearLearnerModel } from "./linear-learner/linear-learner-model";
export type { Predictions } from "./linear-learner/response";
export type { PredictorType } from "./linear-learner/linear-learner-graph";
export type { LinearModelParams } from "./linear-learner/linear-model";
export { writeLinearLearnerArtifact } from "./linear-learner/artifact-writer";
export { XgboostModel } from "./xgboost/xgboost-model";
export { xgboostImageOf, type XgboostImage } from "./xgboost/image-versions";
export { WEATHER_LABELS } from "./weather/weather-records";

/** Loads a linear-learner `model.tar.gz`; `source` names it in errors (e.g. its S3 URL). */
export function loadLinearLearner(tarGz: Uint8Array, source: string): LinearLearnerModel {
  return loadLinearLearnerArtifact(tarGz, source);
}

/** Loads an XGBoost `model.tar.gz` as `image` would (its formats); errors start `Unable to load model:`. */
export function loadXgboost(tarGz: Uint8Array, source: string, image?: XgboostImage): XgboostModel {
  return loadXgboostArtifact(tarGz, source, image);
}

/** loadLinearLearner without holding the event loop (the archive streamed, only the model kept). */
export function loadLinearLearnerStreamed(tarGz: Uint8Array, source: string): Promise<LinearLearnerModel> {
  return loadLinearLearnerArtifactStreamed(tarGz, source);
}

/** loadXgboost without holding the event loop (the archive streamed, a large model parsed on a worker thread). */
export function loadXgboostStreamed(tarGz: Uint8Array, source: string, image?: XgboostImage): Promise<XgboostModel> {
  return loadXgboostArtifactStreamed(tarGz, source, image);
}
