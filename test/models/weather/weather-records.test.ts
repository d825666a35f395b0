import { parseWeatherCsv, readWeatherRecords, WEATHER_LABELS } from "../../../src/models/weather/weather-records";

const HEADER = "location,date,precipitation,temp_max,temp_min,wind,weather";

describe("readWeatherRecords", () => {
  it("reads all 2,922 days of vega-datasets' weather.csv", () => {
    const records = readWeatherRecords();
    expect(records).toHaveLength(2922);
    const counts = WEATHER_LABELS.map((_, label) => records.filter((r) => r.label === label).length);
    expect(counts).toEqual([111, 139, 1087, 119, 1466]);
    expect(records[0]).toEqual({
      location: "Seattle",
      date: "2012-01-01",
      precipitation: 0,
      tempMax: 12.8,
      tempMin: 5,
      wind: 4.7,
      label: 0,
    });
  });
});

describe("parseWeatherCsv", () => {
  it("encodes labels alphabetically", () => {
    expect(WEATHER_LABELS).toEqual(["drizzle", "fog", "rain", "snow", "sun"]);
    expect(parseWeatherCsv(`${HEADER}\nNew York,2015-12-31,1.5,11.1,6.1,5.5,rain\n`, "w.csv")[0]!.label).toBe(2);
  });

  it.each([
    ["loc,date\n", /unexpected header/],
    [`${HEADER}\nParis,2012-01-01,0,1,1,1,sun`, /w\.csv line 2: unknown location Paris/],
    [`${HEADER}\nSeattle,2012-01-01,0,1,1,1,hail`, /unknown weather hail/],
    [`${HEADER}\nSeattle,2012-01-01,,1,1,1,sun`, /precipitation "" is not a number/],
    [`${HEADER}\nSeattle,2012-01-01,0,1,1,sun`, /expected 7 columns/],
  ])("refuses %j", (text, message) => {
    expect(() => parseWeatherCsv(text, "w.csv")).toThrow(message);
  });
});
