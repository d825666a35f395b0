import { featureNamesJson, featuresCsv, labeledCsv } from "../../../src/models/weather/dataset-files";
import { FEATURES } from "../../../src/models/weather/features";
import { buildWeatherDataset } from "../../../src/models/weather/weather-dataset";
import { readWeatherRecords } from "../../../src/models/weather/weather-records";

const dataset = buildWeatherDataset(readWeatherRecords());

describe("the weather data set", () => {
  it("splits 2,922 rows into 1,636 train, 409 validation and 877 test rows", () => {
    expect([dataset.train.rows, dataset.validation.rows, dataset.test.rows]).toEqual([1636, 409, 877]);
  });

  it("standardises with training statistics: training columns have mean 0", () => {
    const i = FEATURES.findIndex((f) => f.name === "temp_max");
    let sum = 0;
    for (let r = 0; r < dataset.train.rows; r++) sum += dataset.train.features[r * FEATURES.length + i]!;
    expect(Math.abs(sum / dataset.train.rows)).toBeLessThan(1e-5);
  });
});

describe("CSV files", () => {
  it("train/validation/test files: label first, then the 15 features, no header", () => {
    const lines = labeledCsv(dataset.test).trimEnd().split("\n");
    expect(lines).toHaveLength(877);
    for (const line of lines) {
      const fields = line.split(",");
      expect(fields).toHaveLength(16);
      expect(["0", "1", "2", "3", "4"]).toContain(fields[0]);
      expect(fields.every((f) => Number.isFinite(Number(f)) && f !== "")).toBe(true);
    }
  });

  it("the payload file holds the same rows without the label", () => {
    const labeled = labeledCsv(dataset.test).split("\n");
    const features = featuresCsv(dataset.test).split("\n");
    expect(features).toEqual(labeled.map((line) => line.slice(line.indexOf(",") + 1)));
  });

  it("writes back exactly the values the models train on", () => {
    const first = labeledCsv(dataset.train).split("\n")[0]!.split(",").slice(1).map(Number);
    expect(first).toEqual(Array.from(dataset.train.features.subarray(0, FEATURES.length)));
  });
});

describe("feature_names.json", () => {
  it("lists the columns in order with their meaning, transform and training statistics", () => {
    const doc = JSON.parse(featureNamesJson(dataset.scaling)) as {
      label: { encoding: Record<string, string> };
      features: { name: string; training_mean?: number }[];
    };
    expect(doc.label.encoding).toEqual({ 0: "drizzle", 1: "fog", 2: "rain", 3: "snow", 4: "sun" });
    expect(doc.features.map((f) => f.name)).toEqual(FEATURES.map((f) => f.name));
    expect(doc.features[2]).toMatchObject({ column: 3, name: "temp_max", transform: "standardised" });
    expect(typeof doc.features[2]?.training_mean).toBe("number");
    expect(doc.features.find((f) => f.name === "location_seattle")!.training_mean).toBeUndefined();
  });
});
