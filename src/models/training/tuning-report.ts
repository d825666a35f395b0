/**
 * The model-selection table of the search — the notebook's "10 tuning jobs
 * and their multiclass accuracy" — as JSON (for code) and Markdown (for people).
 */
import { EPOCHS, type TuningJob } from "./hyperparameter-search";
import type { VersionSelection } from "./version-selection";

export interface TuningReportContext {
  searchSeed: number;
  splitSeed: number;
  rows: { train: number; validation: number; test: number };
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export function artifactName(job: TuningJob): string {
  return `${job.job}-model.tar.gz`;
}

export function tuningReportJson(
  jobs: readonly TuningJob[],
  selection: VersionSelection,
  context: TuningReportContext,
): string {
  const version = (job: TuningJob) => ({
    job: job.job,
    artifact: artifactName(job),
    validation_accuracy: job.validationAccuracy,
    test_accuracy: job.testAccuracy,
  });
  const doc = {
    algorithm: "linear-learner (TypeScript equivalent), predictor_type multiclass_classifier, optimizer adam",
    objective_metric: "validation:multiclass_accuracy",
    epochs: EPOCHS,
    search_seed: context.searchSeed,
    split_seed: context.splitSeed,
    rows: context.rows,
    version1: version(selection.version1),
    version2: version(selection.version2),
    jobs: jobs.map((job) => ({
      job: job.job,
      hyperparameters: job.hyperparameters,
      training_seed: job.trainingSeed,
      validation_accuracy: job.validationAccuracy,
      test_accuracy: job.testAccuracy,
      validation_accuracy_by_epoch: job.validationAccuracyByEpoch,
    })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

export function tuningReportMarkdown(
  jobs: readonly TuningJob[],
  selection: VersionSelection,
  context: TuningReportContext,
): string {
  const role = (job: TuningJob) =>
    job === selection.version1 ? "version 1 (worst)" : job === selection.version2 ? "version 2 (best)" : "";
  const rows = jobs.map((job) => {
    const h = job.hyperparameters;
    return `| ${job.job} | ${h.learning_rate} | ${h.mini_batch_size} | ${h.wd} | ${h.l1} | ${h.use_bias} | ${percent(job.validationAccuracy)} | ${percent(job.testAccuracy)} | ${role(job)} |`;
  });
  return [
    "# Hyperparameter search: weather-type classifier (linear-learner, multiclass)",
    "",
    `${jobs.length} jobs, ${EPOCHS} epochs each, search seed ${context.searchSeed}, split seed ${context.splitSeed};`,
    `${context.rows.train} training, ${context.rows.validation} validation and ${context.rows.test} test rows.`,
    "Versions are chosen on validation accuracy; test accuracy is reported only.",
    "",
    "| Job | learning_rate | mini_batch_size | wd | l1 | use_bias | Validation accuracy | Test accuracy | Ships as |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Version 1: job ${selection.version1.job} → \`${artifactName(selection.version1)}\` (test ${percent(selection.version1.testAccuracy)}).`,
    `Version 2: job ${selection.version2.job} → \`${artifactName(selection.version2)}\` (test ${percent(selection.version2.testAccuracy)}).`,
    "",
  ].join("\n");
}
