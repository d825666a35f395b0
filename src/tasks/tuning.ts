/** The model-selection table of Task 0: the ten tuning jobs that `npm run train` ran. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DataFrame } from "danfojs-node";
import { barChart } from "../view/charts/bar";
import type { Figure } from "../view/charts/figure";
import { DATA_DIR } from "../aws/data";

interface TuningJob {
  job: string;
  hyperparameters: { learning_rate: number; mini_batch_size: number; wd: number; l1: number; use_bias: boolean };
  validation_accuracy: number;
  test_accuracy: number;
}

interface TuningReport {
  version1: { job: string; test_accuracy: number };
  version2: { job: string; test_accuracy: number };
  jobs: TuningJob[];
}

export interface TuningJobs {
  report: TuningReport;
  table: DataFrame;
  chart: Figure;
}

const pct = (x: number): number => Math.round(x * 1000) / 10;

/**
 * The ten tuning jobs that `npm run train` ran: a table of their hyperparameters and accuracies, and a
 * chart of test accuracy with versions 1 and 2 marked.
 */
export function tuningJobs(): TuningJobs {
  const report = JSON.parse(readFileSync(join(DATA_DIR, "tuning-jobs.json"), "utf8")) as TuningReport;
  const role = (job: string): string =>
    job === report.version1.job ? "version 1" : job === report.version2.job ? "version 2" : "";
  const table = new DataFrame(
    report.jobs.map((j) => ({
      job: j.job,
      learning_rate: j.hyperparameters.learning_rate,
      mini_batch_size: j.hyperparameters.mini_batch_size,
      wd: j.hyperparameters.wd,
      l1: j.hyperparameters.l1,
      use_bias: String(j.hyperparameters.use_bias),
      "validation accuracy %": pct(j.validation_accuracy),
      "test accuracy %": pct(j.test_accuracy),
      ships: role(j.job),
    })),
  );
  const colors = report.jobs.map((j) =>
    role(j.job) === "version 1" ? "#d62728" : role(j.job) === "version 2" ? "#2ca02c" : "#9ecae1",
  );
  const chart = barChart({
    title: `Test multiclass accuracy of the 10 tuning jobs (v1 = ${report.version1.job}, v2 = ${report.version2.job})`,
    x: report.jobs.map((j) => j.job),
    y: report.jobs.map((j) => pct(j.test_accuracy)),
    xTitle: "tuning job",
    yTitle: "accuracy %",
    colors,
    labels: report.jobs.map((j) => `${pct(j.test_accuracy)} %`),
    yRange: [0, 100],
  });
  return { report, table, chart };
}
