/**
 * A linear-learner-equivalent trainer: one linear layer `x · W + b`, trained
 * by mini-batch gradient descent on
 *
 *   mean loss over the batch + (wd / 2)·‖W‖² + l1·‖W‖₁
 *
 * where the loss is softmax cross-entropy (multiclass_classifier), logistic
 * loss (binary_classifier) or half squared error (regressor). The bias is not
 * regularised. Optimisers: Adam (β₁ 0.9, β₂ 0.999, ε 1e-8; linear-learner's
 * default) or plain SGD. Weights start uniform in ±0.07 (linear-learner's
 * default `init_method=uniform, init_scale=0.07`), the bias at 0. Each epoch
 * visits the rows in a new seeded order. The model after the last epoch is
 * returned with float32 parameters, as the artifact stores them; per-epoch
 * validation figures are computed on those float32 parameters too.
 */
import type { PredictorType } from "../linear-learner/linear-learner-graph";
import type { LinearModelParams } from "../linear-learner/linear-model";
import { Prng } from "../prng";
import type { LabeledMatrix } from "../weather/weather-dataset";
import { accuracy, activate, meanSquaredError } from "./linear-scoring";

export interface TrainingConfig {
  predictorType: PredictorType;
  /** Classes, for multiclass_classifier (labels 0 … numClasses−1). */
  numClasses?: number;
  learningRate: number;
  miniBatchSize: number;
  epochs: number;
  wd: number;
  l1: number;
  useBias: boolean;
  optimizer: "adam" | "sgd";
  seed: number;
}

export interface EpochRecord {
  epoch: number;
  /** Mean data loss over the epoch's mini-batches (without the penalties). */
  trainingLoss: number;
  /** Accuracy for classifiers, mean squared error for regressors. */
  validationMetric: number | null;
}

export interface TrainingResult {
  model: LinearModelParams;
  history: EpochRecord[];
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;
const INIT_SCALE = 0.07;

export function trainLinearLearner(
  train: LabeledMatrix,
  validation: LabeledMatrix | null,
  config: TrainingConfig,
): TrainingResult {
  const f = train.columns;
  const k = config.predictorType === "multiclass_classifier" ? (config.numClasses ?? 0) : 1;
  if (k < 1 || (config.predictorType === "multiclass_classifier" && k < 2))
    throw new Error("multiclass training needs numClasses ≥ 2");
  if (!(config.miniBatchSize >= 1) || !(config.epochs >= 1))
    throw new Error("miniBatchSize and epochs must be at least 1");
  const rng = new Prng(config.seed);
  const w = Float64Array.from({ length: f * k }, () => rng.uniform(-INIT_SCALE, INIT_SCALE));
  const b = new Float64Array(k);
  const gw = new Float64Array(f * k);
  const gb = new Float64Array(k);
  const adam = {
    mw: new Float64Array(f * k),
    vw: new Float64Array(f * k),
    mb: new Float64Array(k),
    vb: new Float64Array(k),
    t: 0,
  };
  const z = new Float64Array(k);
  const order = Array.from({ length: train.rows }, (_, i) => i);
  const history: EpochRecord[] = [];
  const snapshot = (): LinearModelParams => ({
    predictorType: config.predictorType,
    featureCount: f,
    outputCount: k,
    weights: Float32Array.from(w),
    bias: config.useBias ? Float32Array.from(b) : null,
  });

  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += config.miniBatchSize) {
      const end = Math.min(start + config.miniBatchSize, order.length);
      gw.fill(0);
      gb.fill(0);
      let batchLoss = 0;
      for (let n = start; n < end; n++) {
        const row = order[n]!;
        const x = train.features.subarray(row * f, (row + 1) * f);
        const y = train.labels[row]!;
        for (let j = 0; j < k; j++) z[j] = config.useBias ? b[j]! : 0;
        for (let i = 0; i < f; i++) for (let j = 0; j < k; j++) z[j]! += x[i]! * w[i * k + j]!;
        batchLoss += lossAndGradient(config.predictorType, z, y);
        // z now holds dLoss/dz for this row.
        for (let j = 0; j < k; j++) gb[j]! += z[j]!;
        for (let i = 0; i < f; i++) for (let j = 0; j < k; j++) gw[i * k + j]! += x[i]! * z[j]!;
      }
      const scale = 1 / (end - start);
      for (let p = 0; p < w.length; p++) gw[p] = gw[p]! * scale + config.wd * w[p]! + config.l1 * Math.sign(w[p]!);
      for (let j = 0; j < k; j++) gb[j]! *= scale;
      if (config.optimizer === "adam") {
        adam.t++;
        adamStep(w, gw, adam.mw, adam.vw, adam.t, config.learningRate);
        if (config.useBias) adamStep(b, gb, adam.mb, adam.vb, adam.t, config.learningRate);
      } else {
        for (let p = 0; p < w.length; p++) w[p]! -= config.learningRate * gw[p]!;
        if (config.useBias) for (let j = 0; j < k; j++) b[j]! -= config.learningRate * gb[j]!;
      }
      lossSum += batchLoss * scale;
      batches++;
    }
    const model = validation ? snapshot() : null;
    history.push({
      epoch,
      trainingLoss: lossSum / batches,
      validationMetric:
        validation && model
          ? config.predictorType === "regressor"
            ? meanSquaredError(model, validation)
            : accuracy(model, validation)
          : null,
    });
  }
  return { model: snapshot(), history };
}

/** Returns the row's loss and overwrites `z` (linear outputs) with dLoss/dz. */
function lossAndGradient(predictorType: PredictorType, z: Float64Array, y: number): number {
  if (predictorType === "regressor") {
    const diff = z[0]! - y;
    z[0] = diff;
    return 0.5 * diff * diff;
  }
  activate(predictorType, z);
  if (predictorType === "binary_classifier") {
    const p = z[0]!;
    z[0] = p - y;
    return -(y * Math.log(Math.max(p, 1e-15)) + (1 - y) * Math.log(Math.max(1 - p, 1e-15)));
  }
  const loss = -Math.log(Math.max(z[y]!, 1e-15));
  z[y]! -= 1;
  return loss;
}

function adamStep(
  param: Float64Array,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  lr: number,
): void {
  const c1 = 1 - BETA1 ** t;
  const c2 = 1 - BETA2 ** t;
  for (let p = 0; p < param.length; p++) {
    const g = grad[p]!;
    m[p] = BETA1 * m[p]! + (1 - BETA1) * g;
    v[p] = BETA2 * v[p]! + (1 - BETA2) * g * g;
    param[p]! -= (lr * (m[p]! / c1)) / (Math.sqrt(v[p]! / c2) + EPSILON);
  }
}
