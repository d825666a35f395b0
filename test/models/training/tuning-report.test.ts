import type { TuningJob } from "../../../src/models/training/hyperparameter-search";
import { tuningReportMarkdown } from "../../../src/models/training/tuning-report";

const job = (n: number, v: number, t: number) =>
  ({
    job: String(n).padStart(3, "0"),
    hyperparameters: { learning_rate: 0.01, mini_batch_size: 64, wd: 0.1, l1: 0.2, use_bias: n % 2 === 0 },
    validationAccuracy: v,
    testAccuracy: t,
  }) as TuningJob;

describe("tuningReportMarkdown", () => {
  it("tabulates every job with both accuracies and marks the shipped versions", () => {
    const jobs = [job(1, 0.5, 0.52), job(2, 0.8, 0.79)];
    const md = tuningReportMarkdown(
      jobs,
      { version1: jobs[0]!, version2: jobs[1]! },
      { searchSeed: 9, splitSeed: 3, rows: { train: 10, validation: 2, test: 4 } },
    );
    expect(md).toContain("| 001 | 0.01 | 64 | 0.1 | 0.2 | false | 50.0 % | 52.0 % | version 1 (worst) |");
    expect(md).toContain("| 002 | 0.01 | 64 | 0.1 | 0.2 | true | 80.0 % | 79.0 % | version 2 (best) |");
    expect(md).toContain("Version 2: job 002 → `002-model.tar.gz` (test 79.0 %).");
  });
});
