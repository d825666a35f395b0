/**
 * Train → write model.tar.gz → read → score: the served predictions are the
 * trainer's. Labels must be identical; scores agree to float32 precision (the
 * reader evaluates the MXNet graph in float32, the trainer scores in float64).
 */
import { loadLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-reader";
import { writeLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-writer";
import { predictLabels, scoreRows } from "../../../src/models/training/linear-scoring";
import { type TrainingConfig, trainLinearLearner } from "../../../src/models/training/linear-trainer";
import { featuresCsv } from "../../../src/models/weather/dataset-files";
import { buildWeatherDataset, type LabeledMatrix } from "../../../src/models/weather/weather-dataset";
import { readWeatherRecords, WEATHER_LABELS } from "../../../src/models/weather/weather-records";

const dataset = buildWeatherDataset(readWeatherRecords());
const base: TrainingConfig = {
  predictorType: "multiclass_classifier",
  numClasses: WEATHER_LABELS.length,
  learningRate: 0.02,
  miniBatchSize: 100,
  epochs: 10,
  wd: 0.001,
  l1: 0,
  useBias: true,
  optimizer: "adam",
  seed: 5,
};
const SUN = WEATHER_LABELS.indexOf("sun");
const relabel = (m: LabeledMatrix, f: (label: number, row: number) => number): LabeledMatrix => ({
  ...m,
  labels: Float64Array.from(m.labels, (l, r) => f(l, r)),
});
const cases: [string, TrainingConfig, (m: LabeledMatrix) => LabeledMatrix][] = [
  ["multiclass_classifier", base, (m) => m],
  ["multiclass_classifier without bias", { ...base, useBias: false }, (m) => m],
  [
    "binary_classifier (sun or not)",
    { ...base, predictorType: "binary_classifier" },
    (m) => relabel(m, (l) => (l === SUN ? 1 : 0)),
  ],
  // Regress the (standardised) wind column; the task hardly matters, the round trip does.
  ["regressor", { ...base, predictorType: "regressor" }, (m) => relabel(m, (_, r) => m.features[r * m.columns + 5]!)],
];

describe.each(cases)("round trip: %s", (_, config, task) => {
  const train = task(dataset.train);
  const test = task(dataset.test);
  const { model: trained } = trainLinearLearner(train, null, config);
  const served = loadLinearLearnerArtifact(writeLinearLearnerArtifact(trained), "round-trip");
  const predictions = served.predict(Float32Array.from(test.features), test.rows);

  it("serves the trainer's labels for every test row", () => {
    if (config.predictorType === "regressor") {
      expect(predictions.labels).toBeNull();
    } else {
      expect(Array.from(predictions.labels!)).toEqual(Array.from(predictLabels(trained, test.features, test.rows)));
    }
  });

  it("serves the trainer's scores to float32 precision", () => {
    const expected = scoreRows(trained, test.features, test.rows);
    expect(predictions.scores.length).toBe(expected.length);
    let worst = 0;
    expected.forEach(
      (s, i) => (worst = Math.max(worst, Math.abs(s - predictions.scores[i]!) / Math.max(1, Math.abs(s)))),
    );
    expect(worst).toBeLessThan(1e-6);
  });
});

it("round trip through the CSV payload gives the same labels as the matrix path", () => {
  const { model } = trainLinearLearner(dataset.train, null, base);
  const served = loadLinearLearnerArtifact(writeLinearLearnerArtifact(model), "round-trip");
  const response = served.invoke(new TextEncoder().encode(featuresCsv(dataset.test)), "text/csv", undefined);
  const { predictions } = JSON.parse(response.body) as { predictions: { predicted_label: number }[] };
  const labels = predictions.map((p) => p.predicted_label);
  expect(labels).toEqual(Array.from(predictLabels(model, dataset.test.features, dataset.test.rows)));
});
