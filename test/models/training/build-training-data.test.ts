import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-reader";
import { buildTrainingData, SEARCH_SEED } from "../../../src/models/training/build-training-data";
import { readWeatherRecords } from "../../../src/models/weather/weather-records";

const records = readWeatherRecords();
const build = buildTrainingData(records);
const DATA_DIR = join(process.cwd(), "data");

describe("buildTrainingData", () => {
  it("produces the files the notebook downloads, plus the feature key and tuning table", () => {
    expect([...build.files.keys()].sort()).toEqual([
      "005-model.tar.gz",
      "009-model.tar.gz",
      "feature_names.json",
      "test_linear.csv",
      "test_linear_input_cols.csv",
      "train_linear.csv",
      "tuning-jobs.json",
      "tuning-jobs.md",
      "validation_linear.csv",
    ]);
  });

  it("ships the worst job as version 1 (005) and the best as version 2 (009), 5+ test points apart", () => {
    expect([build.selection.version1.job, build.selection.version2.job]).toEqual(["005", "009"]);
    expect(build.selection.version2.testAccuracy - build.selection.version1.testAccuracy).toBeGreaterThanOrEqual(0.05);
    const report = JSON.parse(new TextDecoder().decode(build.files.get("tuning-jobs.json"))) as Record<string, unknown>;
    expect(report.search_seed).toBe(SEARCH_SEED);
    expect(report.jobs).toHaveLength(10);
    expect(report.version1).toMatchObject({ job: "005", artifact: "005-model.tar.gz" });
    expect(report.version2).toMatchObject({ job: "009", artifact: "009-model.tar.gz" });
  });

  it("gives byte-identical files on a second build", () => {
    const again = buildTrainingData(records);
    for (const [name, bytes] of build.files) expect(again.files.get(name), name).toEqual(bytes);
  });

  it("matches the committed data/ folder byte for byte", () => {
    expect(readdirSync(DATA_DIR).sort()).toEqual([...build.files.keys()].sort());
    for (const [name, bytes] of build.files)
      expect(new Uint8Array(readFileSync(join(DATA_DIR, name))), name).toEqual(bytes);
  });

  it("ships artifacts whose served accuracy on test_linear.csv is the table's test accuracy", () => {
    const text = new TextDecoder();
    const labels = text
      .decode(build.files.get("test_linear.csv"))
      .trimEnd()
      .split("\n")
      .map((l) => Number(l.split(",")[0]));
    for (const version of [build.selection.version1, build.selection.version2]) {
      const model = loadLinearLearnerArtifact(build.files.get(`${version.job}-model.tar.gz`)!, version.job);
      const response = model.invoke(build.files.get("test_linear_input_cols.csv")!, "text/csv", undefined);
      const { predictions } = JSON.parse(response.body) as { predictions: { predicted_label: number }[] };
      const hits = predictions.map((p) => p.predicted_label).filter((p, i) => p === labels[i]).length;
      expect(hits / labels.length).toBe(version.testAccuracy);
    }
  });

  it("refuses a search seed whose draws do not put the worst at 005 and the best at 009", () => {
    expect(() => buildTrainingData(records, 1)).toThrow(/search seed 1 cannot ship: .*Rescan with --scan-seeds/);
  });
});
