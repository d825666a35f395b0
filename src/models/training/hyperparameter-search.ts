/**
 * The 10-job hyperparameter search, mirroring the original SageMaker tuning
 * job: each job draws its hyperparameters at random from the original's
 * ranges, trains a multiclass linear-learner for 20 epochs on the training
 * split, and is scored on the validation split (used for selection) and the
 * test split (reported only).
 *
 * Ranges and scaling (SageMaker's "Auto" scaling picks log for the learning
 * rate; wd and l1 start at 0, so they are linear):
 *   learning_rate   0.001–0.2, log-uniform
 *   mini_batch_size 32–256, integer uniform
 *   wd              0–1, uniform
 *   l1              0–0.5, uniform
 *   use_bias        true / false, equally likely
 *
 * Everything, including each job's training seed, is drawn from one PRNG
 * seeded with `searchSeed`, so the search is reproducible from that number.
 */
import { Prng } from "../prng";
import type { WeatherDataset } from "../weather/weather-dataset";
import { WEATHER_LABELS } from "../weather/weather-records";
import type { LinearModelParams } from "../linear-learner/linear-model";
import { accuracy } from "./linear-scoring";
import { trainLinearLearner } from "./linear-trainer";

export interface Hyperparameters {
  learning_rate: number;
  mini_batch_size: number;
  wd: number;
  l1: number;
  use_bias: boolean;
}

export interface TuningJob {
  /** "001" … "010". */
  job: string;
  hyperparameters: Hyperparameters;
  trainingSeed: number;
  validationAccuracy: number;
  testAccuracy: number;
  validationAccuracyByEpoch: number[];
  model: LinearModelParams;
}

export const JOB_COUNT = 10;
export const EPOCHS = 20;

export interface DrawnJob {
  job: string;
  hyperparameters: Hyperparameters;
  trainingSeed: number;
}

export function drawJobs(searchSeed: number, count = JOB_COUNT): DrawnJob[] {
  const rng = new Prng(searchSeed);
  return Array.from({ length: count }, (_, i) => ({
    job: String(i + 1).padStart(3, "0"),
    hyperparameters: {
      learning_rate: round(rng.logUniform(0.001, 0.2)),
      mini_batch_size: rng.integer(32, 256),
      wd: round(rng.uniform(0, 1)),
      l1: round(rng.uniform(0, 0.5)),
      use_bias: rng.next() < 0.5,
    },
    trainingSeed: rng.integer(1, 0x7fffffff),
  }));
}

export function runJob(dataset: WeatherDataset, drawn: DrawnJob): TuningJob {
  const h = drawn.hyperparameters;
  const { model, history } = trainLinearLearner(dataset.train, dataset.validation, {
    predictorType: "multiclass_classifier",
    numClasses: WEATHER_LABELS.length,
    learningRate: h.learning_rate,
    miniBatchSize: h.mini_batch_size,
    epochs: EPOCHS,
    wd: h.wd,
    l1: h.l1,
    useBias: h.use_bias,
    optimizer: "adam",
    seed: drawn.trainingSeed,
  });
  return {
    ...drawn,
    validationAccuracy: accuracy(model, dataset.validation),
    testAccuracy: accuracy(model, dataset.test),
    validationAccuracyByEpoch: history.map((e) => e.validationMetric!),
    model,
  };
}

export function runSearch(dataset: WeatherDataset, searchSeed: number): TuningJob[] {
  return drawJobs(searchSeed).map((drawn) => runJob(dataset, drawn));
}

/** Five significant digits, like the values a tuning job reports. */
function round(x: number): number {
  return Number(x.toPrecision(5));
}
