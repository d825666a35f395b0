/**
 * The files SageMaker's linear-learner consumes, and the feature key:
 *  - `*_linear.csv`: label first, then the features; no header.
 *  - `test_linear_input_cols.csv`: features only, no header — payload rows.
 *  - `feature_names.json`: column order, meaning, transform and the training
 *    mean / standard deviation of each standardised feature, plus the labels.
 */
import { FEATURES, type FeatureScaling } from "./features";
import type { LabeledMatrix } from "./weather-dataset";
import { WEATHER_LABELS } from "./weather-records";

export function labeledCsv(data: LabeledMatrix): string {
  return csv(data, true);
}

export function featuresCsv(data: LabeledMatrix): string {
  return csv(data, false);
}

function csv(data: LabeledMatrix, withLabel: boolean): string {
  const lines = new Array<string>(data.rows);
  for (let r = 0; r < data.rows; r++) {
    const row = Array.from(data.features.subarray(r * data.columns, (r + 1) * data.columns), String);
    lines[r] = (withLabel ? [String(data.labels[r]), ...row] : row).join(",");
  }
  return lines.join("\n") + "\n";
}

export function featureNamesJson(scaling: FeatureScaling): string {
  const doc = {
    label: {
      column: 0,
      name: "weather",
      encoding: Object.fromEntries(WEATHER_LABELS.map((l, i) => [i, l])),
    },
    features: FEATURES.map((f, i) => ({
      column: i + 1,
      name: f.name,
      meaning: f.meaning,
      transform: f.transform,
      ...(f.standardise ? { training_mean: scaling.mean[i], training_std: scaling.std[i] } : {}),
    })),
    source: "vega-datasets@3.2.1 data/weather.csv (BSD-3-Clause): daily weather, Seattle and New York, 2012–2015",
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
