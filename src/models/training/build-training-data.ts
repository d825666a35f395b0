/**
 * Rebuilds everything the notebook downloads — the data files, the tuning
 * table and the two model artifacts — in memory, deterministically; `cli.ts`
 * writes the result to `data/`.
 */
import { writeLinearLearnerArtifact } from "../linear-learner/artifact-writer";
import { featureNamesJson, featuresCsv, labeledCsv } from "../weather/dataset-files";
import { buildWeatherDataset, SPLIT_SEED, type WeatherDataset } from "../weather/weather-dataset";
import type { WeatherRecord } from "../weather/weather-records";
import { runSearch, type TuningJob } from "./hyperparameter-search";
import { artifactName, type TuningReportContext, tuningReportJson, tuningReportMarkdown } from "./tuning-report";
import { selectVersions, shippingProblem, type VersionSelection } from "./version-selection";

/** First seed from 1 upwards whose search meets the shipping criteria (see version-selection.ts). */
export const SEARCH_SEED = 171;

export interface TrainingBuild {
  dataset: WeatherDataset;
  jobs: TuningJob[];
  selection: VersionSelection;
  /** File name → contents, for `data/`. */
  files: Map<string, Uint8Array>;
}

export function buildTrainingData(records: readonly WeatherRecord[], searchSeed = SEARCH_SEED): TrainingBuild {
  const dataset = buildWeatherDataset(records, SPLIT_SEED);
  const jobs = runSearch(dataset, searchSeed);
  const selection = selectVersions(jobs);
  const problem = shippingProblem(selection);
  if (problem) throw new Error(`search seed ${searchSeed} cannot ship: ${problem}. Rescan with --scan-seeds.`);
  const context: TuningReportContext = {
    searchSeed,
    splitSeed: SPLIT_SEED,
    rows: { train: dataset.train.rows, validation: dataset.validation.rows, test: dataset.test.rows },
  };
  const text = (s: string) => new TextEncoder().encode(s);
  const files = new Map<string, Uint8Array>([
    ["train_linear.csv", text(labeledCsv(dataset.train))],
    ["validation_linear.csv", text(labeledCsv(dataset.validation))],
    ["test_linear.csv", text(labeledCsv(dataset.test))],
    ["test_linear_input_cols.csv", text(featuresCsv(dataset.test))],
    ["feature_names.json", text(featureNamesJson(dataset.scaling))],
    ["tuning-jobs.json", text(tuningReportJson(jobs, selection, context))],
    ["tuning-jobs.md", text(tuningReportMarkdown(jobs, selection, context))],
    [artifactName(selection.version1), writeLinearLearnerArtifact(selection.version1.model)],
    [artifactName(selection.version2), writeLinearLearnerArtifact(selection.version2.model)],
  ]);
  return { dataset, jobs, selection, files };
}

/** Seeds in [from, to] whose search meets the shipping criteria. */
export function* scanSearchSeeds(records: readonly WeatherRecord[], from: number, to: number): Generator<number> {
  const dataset = buildWeatherDataset(records, SPLIT_SEED);
  for (let seed = from; seed <= to; seed++) {
    if (shippingProblem(selectVersions(runSearch(dataset, seed))) === null) yield seed;
  }
}
