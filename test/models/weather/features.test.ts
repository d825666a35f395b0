import { dayOfYear, FEATURES, featureRow, fitScaling, seasonOf } from "../../../src/models/weather/features";
import type { WeatherRecord } from "../../../src/models/weather/weather-records";

const record = (overrides: Partial<WeatherRecord>): WeatherRecord => ({
  location: "Seattle",
  date: "2013-07-02",
  precipitation: 0,
  tempMax: 20,
  tempMin: 10,
  wind: 3,
  label: 4,
  ...overrides,
});

describe("the feature table", () => {
  it("has 15 uniquely named, documented features", () => {
    expect(FEATURES).toHaveLength(15);
    expect(new Set(FEATURES.map((f) => f.name)).size).toBe(15);
    for (const f of FEATURES) expect(f.meaning.length > 0 && f.transform.length > 0).toBe(true);
  });

  it("one-hot encodes season and location", () => {
    const row = (r: WeatherRecord) => Object.fromEntries(FEATURES.map((f) => [f.name, f.value(r)] as const));
    expect(row(record({ date: "2014-01-15", location: "New York" }))).toMatchObject({
      season_winter: 1,
      season_spring: 0,
      season_summer: 0,
      season_autumn: 0,
      location_seattle: 0,
      location_new_york: 1,
    });
    expect(row(record({ precipitation: 3, tempMin: -1 }))).toMatchObject({
      precipitation_any: 1,
      wet_and_freezing: 1,
      temp_range: 21,
    });
  });

  it("computes calendar helpers", () => {
    expect([seasonOf("2012-12-01"), seasonOf("2012-03-31"), seasonOf("2012-08-31"), seasonOf("2012-11-30")]).toEqual([
      "winter",
      "spring",
      "summer",
      "autumn",
    ]);
    expect([dayOfYear("2012-01-01"), dayOfYear("2012-12-31"), dayOfYear("2013-12-31")]).toEqual([1, 366, 365]);
  });
});

describe("scaling", () => {
  it("standardises with the given records' mean and std, and leaves indicators alone", () => {
    const records = [record({ tempMax: 10 }), record({ tempMax: 30 })];
    const scaling = fitScaling(records);
    const i = FEATURES.findIndex((f) => f.name === "temp_max");
    expect([scaling.mean[i], scaling.std[i]]).toEqual([20, 10]);
    expect(featureRow(records[1]!, scaling)[i]).toBe(1);
    const season = FEATURES.findIndex((f) => f.name === "season_summer");
    expect([scaling.mean[season], scaling.std[season], featureRow(records[0]!, scaling)[season]]).toEqual([0, 1, 1]);
  });

  it("rounds values to 6 decimals", () => {
    const scaling = fitScaling([record({ wind: 0 }), record({ wind: 3 }), record({ wind: 7 })]);
    for (const v of featureRow(record({ wind: 1 }), scaling)) expect(Math.round(v * 1e6) / 1e6).toBe(v);
  });
});
