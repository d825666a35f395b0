import { accuracy, meanSquaredError } from "../../../src/models/training/linear-scoring";
import { type TrainingConfig, trainLinearLearner } from "../../../src/models/training/linear-trainer";
import { blobs, plane } from "./synthetic-data";

const base: TrainingConfig = {
  predictorType: "multiclass_classifier",
  numClasses: 3,
  learningRate: 0.05,
  miniBatchSize: 32,
  epochs: 20,
  wd: 0,
  l1: 0,
  useBias: true,
  optimizer: "adam",
  seed: 11,
};
const train = blobs(300, 1);
const validation = blobs(90, 2);
const norm = (w: Float32Array, i: number) => Math.abs(w[i]!);

describe("trainLinearLearner", () => {
  it("multiclass: separates three blobs and records validation accuracy per epoch", () => {
    const { model, history } = trainLinearLearner(train, validation, base);
    expect(accuracy(model, validation)).toBeGreaterThan(0.95);
    expect(history.map((e) => e.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(history.at(-1)!.validationMetric).toBe(accuracy(model, validation));
    expect(history.at(-1)!.trainingLoss).toBeLessThan(history[0]!.trainingLoss);
    expect([model.featureCount, model.outputCount, model.weights.length, model.bias!.length]).toEqual([3, 3, 9, 3]);
  });

  it("returns float32 parameters and no bias when use_bias is false", () => {
    const { model } = trainLinearLearner(train, null, { ...base, useBias: false });
    expect(model.weights).toBeInstanceOf(Float32Array);
    expect(model.bias).toBeNull();
  });

  it("is deterministic for a seed and depends on it", () => {
    expect(trainLinearLearner(train, null, base).model).toEqual(trainLinearLearner(train, null, base).model);
    expect(trainLinearLearner(train, null, { ...base, seed: 12 }).model.weights).not.toEqual(
      trainLinearLearner(train, null, base).model.weights,
    );
  });

  it("binary: learns blob 1 against the rest", () => {
    const binary = (m: typeof train) => ({ ...m, labels: m.labels.map((l) => (l === 1 ? 1 : 0)) });
    const { model } = trainLinearLearner(binary(train), null, { ...base, predictorType: "binary_classifier" });
    expect(model.outputCount).toBe(1);
    expect(accuracy(model, binary(validation))).toBeGreaterThan(0.95);
  });

  it("regressor: recovers y = 2·x0 − x1 + 0.5", () => {
    const config = { ...base, predictorType: "regressor" as const, epochs: 60 };
    const { model, history } = trainLinearLearner(plane(400, 3), plane(100, 4), config);
    expect(model.weights[0]).toBeCloseTo(2, 1);
    expect(model.weights[1]).toBeCloseTo(-1, 1);
    expect(model.bias![0]).toBeCloseTo(0.5, 1);
    expect(history.at(-1)!.validationMetric).toBeLessThan(0.01);
    expect(meanSquaredError(model, plane(100, 5))).toBeLessThan(0.01);
  });

  it("plain SGD also converges", () => {
    const { model } = trainLinearLearner(train, null, { ...base, optimizer: "sgd", learningRate: 0.1 });
    expect(accuracy(model, validation)).toBeGreaterThan(0.95);
  });

  it("l1 pushes the weights of the noise feature towards zero; wd shrinks all weights", () => {
    const plain = trainLinearLearner(train, null, base).model.weights;
    const sparse = trainLinearLearner(train, null, { ...base, l1: 0.05 }).model.weights;
    const noise = (w: Float32Array) => norm(w, 6) + norm(w, 7) + norm(w, 8);
    expect(noise(sparse)).toBeLessThan(noise(plain) / 2);
    const decayed = trainLinearLearner(train, null, { ...base, wd: 0.5 }).model.weights;
    const total = (w: Float32Array) => w.reduce((a, v) => a + v * v, 0);
    expect(total(decayed)).toBeLessThan(total(plain) / 2);
  });

  it("refuses a multiclass job without a class count", () => {
    expect(() => trainLinearLearner(train, null, { ...base, numClasses: undefined })).toThrow(/numClasses/);
  });
});
