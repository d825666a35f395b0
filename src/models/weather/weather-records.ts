/**
 * The raw data: daily weather for Seattle and New York, 2012–2015, from the
 * `vega-datasets` npm package (`data/weather.csv`, BSD-3-Clause). Columns:
 * location, date, precipitation (mm), temp_max (°C), temp_min (°C),
 * wind (m/s), weather (drizzle | fog | rain | snow | sun).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Class labels, encoded alphabetically 0–4. */
export const WEATHER_LABELS = ["drizzle", "fog", "rain", "snow", "sun"] as const;
export type WeatherLabel = (typeof WEATHER_LABELS)[number];
export const LOCATIONS = ["Seattle", "New York"] as const;

export interface WeatherRecord {
  location: (typeof LOCATIONS)[number];
  /** ISO date, YYYY-MM-DD. */
  date: string;
  precipitation: number;
  tempMax: number;
  tempMin: number;
  wind: number;
  label: number;
}

const HEADER = "location,date,precipitation,temp_max,temp_min,wind,weather";

/** Path of the CSV inside the installed package (resolved from the project root). */
export function weatherCsvPath(projectRoot = process.cwd()): string {
  const entry = createRequire(join(projectRoot, "package.json")).resolve("vega-datasets");
  return join(dirname(entry), "..", "data", "weather.csv");
}

export function readWeatherRecords(path = weatherCsvPath()): WeatherRecord[] {
  return parseWeatherCsv(readFileSync(path, "utf8"), path);
}

export function parseWeatherCsv(text: string, file: string): WeatherRecord[] {
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  if (lines[0] !== HEADER)
    throw new Error(`${file}: unexpected header ${JSON.stringify(lines[0])}, expected ${HEADER}`);
  return lines.slice(1).map((line, i) => {
    const where = `${file} line ${i + 2}`;
    const [location, date, precipitation, tempMax, tempMin, wind, weather, ...extra] = line.split(",");
    if (extra.length > 0 || weather === undefined) throw new Error(`${where}: expected 7 columns`);
    if (!LOCATIONS.includes(location as WeatherRecord["location"]))
      throw new Error(`${where}: unknown location ${location}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date!)) throw new Error(`${where}: bad date ${date}`);
    const label = WEATHER_LABELS.indexOf(weather as WeatherLabel);
    if (label < 0) throw new Error(`${where}: unknown weather ${weather}`);
    const number = (text: string | undefined, column: string) => {
      const value = Number(text);
      if (text === undefined || text === "" || !Number.isFinite(value))
        throw new Error(`${where}: ${column} ${JSON.stringify(text)} is not a number`);
      return value;
    };
    return {
      location: location as WeatherRecord["location"],
      date: date!,
      precipitation: number(precipitation, "precipitation"),
      tempMax: number(tempMax, "temp_max"),
      tempMin: number(tempMin, "temp_min"),
      wind: number(wind, "wind"),
      label,
    };
  });
}
