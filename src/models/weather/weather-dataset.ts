/**
 * The weather data set as the models see it: feature matrices and labels for
 * the train / validation / test splits (test 30 % stratified; validation is
 * 20 % of the remaining rows, so the test set is never used for selection).
 */
import { FEATURES, type FeatureScaling, featureRow, fitScaling } from "./features";
import { stratifiedSplit } from "./stratified-split";
import type { WeatherRecord } from "./weather-records";

/** Row-major features with one integer label per row. */
export interface LabeledMatrix {
  rows: number;
  columns: number;
  features: Float64Array;
  labels: Float64Array;
}

export interface WeatherDataset {
  scaling: FeatureScaling;
  train: LabeledMatrix;
  validation: LabeledMatrix;
  test: LabeledMatrix;
}

export const SPLIT_SEED = 20_240_601;
export const TEST_FRACTION = 0.3;
export const VALIDATION_FRACTION = 0.2;

export function buildWeatherDataset(records: readonly WeatherRecord[], seed = SPLIT_SEED): WeatherDataset {
  const split = stratifiedSplit(
    records.map((r) => r.label),
    { test: TEST_FRACTION, validation: VALIDATION_FRACTION },
    seed,
  );
  const scaling = fitScaling(split.train.map((i) => records[i]!));
  const matrix = (indices: number[]): LabeledMatrix => {
    const features = new Float64Array(indices.length * FEATURES.length);
    indices.forEach((r, row) => features.set(featureRow(records[r]!, scaling), row * FEATURES.length));
    return {
      rows: indices.length,
      columns: FEATURES.length,
      features,
      labels: Float64Array.from(indices, (r) => records[r]!.label),
    };
  };
  return { scaling, train: matrix(split.train), validation: matrix(split.validation), test: matrix(split.test) };
}
