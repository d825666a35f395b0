import { drawJobs, EPOCHS, runJob } from "../../../src/models/training/hyperparameter-search";
import { accuracy } from "../../../src/models/training/linear-scoring";
import { buildWeatherDataset } from "../../../src/models/weather/weather-dataset";
import { readWeatherRecords } from "../../../src/models/weather/weather-records";

describe("drawJobs", () => {
  const jobs = drawJobs(171);

  it("numbers ten jobs 001–010", () => {
    expect(jobs.map((j) => j.job)).toEqual(["001", "002", "003", "004", "005", "006", "007", "008", "009", "010"]);
  });

  it("draws every hyperparameter from the original's ranges", () => {
    for (const seed of [1, 2, 3, 171]) {
      for (const { hyperparameters: h } of drawJobs(seed)) {
        expect(h.learning_rate).toBeGreaterThanOrEqual(0.001);
        expect(h.learning_rate).toBeLessThanOrEqual(0.2);
        expect(Number.isInteger(h.mini_batch_size) && h.mini_batch_size >= 32 && h.mini_batch_size <= 256).toBe(true);
        expect(h.wd >= 0 && h.wd <= 1).toBe(true);
        expect(h.l1 >= 0 && h.l1 <= 0.5).toBe(true);
        expect(typeof h.use_bias).toBe("boolean");
      }
    }
  });

  it("is reproducible from the search seed alone", () => {
    expect(drawJobs(171)).toEqual(jobs);
    expect(drawJobs(172)).not.toEqual(jobs);
  });
});

describe("runJob", () => {
  it("trains for 20 epochs and reports validation and test accuracy of the shipped model", () => {
    const dataset = buildWeatherDataset(readWeatherRecords());
    const job = runJob(dataset, drawJobs(171)[8]!);
    expect(job.validationAccuracyByEpoch).toHaveLength(EPOCHS);
    expect(job.validationAccuracy).toBe(accuracy(job.model, dataset.validation));
    expect(job.testAccuracy).toBe(accuracy(job.model, dataset.test));
    expect(job.validationAccuracyByEpoch.at(-1)).toBe(job.validationAccuracy);
  });
});
