import type { LinearModelParams } from "../../../src/models/linear-learner/linear-model";
import { accuracy, predictLabels, scoreRows } from "../../../src/models/training/linear-scoring";
import { matrix } from "./synthetic-data";

const multiclass: LinearModelParams = {
  predictorType: "multiclass_classifier",
  featureCount: 2,
  outputCount: 3,
  weights: Float32Array.of(0, Math.LN2, 0, 0, 0, Math.log(3)),
  bias: null,
};

describe("scoreRows", () => {
  it("multiclass: softmax of x·W (+ b)", () => {
    const scores = scoreRows(multiclass, [1, 1, 0, 0], 2);
    [1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3].forEach((p, i) => expect(scores[i]).toBeCloseTo(p, 6));
  });

  it("binary: sigmoid; regressor: the linear value", () => {
    const binary = {
      ...multiclass,
      predictorType: "binary_classifier" as const,
      outputCount: 1,
      weights: Float32Array.of(1, 0),
      bias: Float32Array.of(0),
    };
    expect(scoreRows(binary, [0, 5], 1)[0]).toBe(0.5);
    const regressor = {
      ...binary,
      predictorType: "regressor" as const,
      weights: Float32Array.of(2, -1),
      bias: Float32Array.of(0.5),
    };
    expect(Array.from(scoreRows(regressor, [3, 4], 1))).toEqual([2.5]);
  });
});

describe("predictLabels and accuracy", () => {
  it("take the argmax, first class on ties", () => {
    expect(Array.from(predictLabels(multiclass, [1, 1, 0, 0, 1, 0], 3))).toEqual([2, 0, 1]);
    expect(
      accuracy(
        multiclass,
        matrix(
          [
            [1, 1],
            [0, 0],
            [1, 0],
          ],
          [2, 1, 1],
        ),
      ),
    ).toBeCloseTo(2 / 3, 12);
  });
});
