import type { PredictorType } from "./linear-learner-graph";

/**
 * The learned parameters of a linear-learner model, as stored in
 * `mx-mod-0000.params`: `fc0_weight` of shape (featureCount, outputCount),
 * row-major, and `fc0_bias` of shape (1, outputCount) when the model has one.
 */
export interface LinearModelParams {
  predictorType: PredictorType;
  featureCount: number;
  /** Classes for multiclass_classifier, 1 for binary_classifier and regressor. */
  outputCount: number;
  weights: Float32Array;
  bias: Float32Array | null;
}
