/**
 * THE feature table: every model input, what it means and how it is made.
 * Column order in the CSV files and in `fc0_weight` is the order below.
 *
 * "standardised" features are z-scored with the mean and standard deviation
 * of the training split only (recorded in `feature_names.json`), so payload
 * rows are on the scale the weights expect: linear-learner applies its
 * weights to the raw payload values, with no normalisation at inference.
 * Values are rounded to 6 decimals, and the rounded values are what the
 * models train on, so the CSV files are exactly the training data.
 */
import { LOCATIONS, type WeatherRecord } from "./weather-records";

export interface FeatureDefinition {
  name: string;
  meaning: string;
  transform: string;
  standardise: boolean;
  value: (record: WeatherRecord) => number;
}

export type Season = "winter" | "spring" | "summer" | "autumn";

/** Meteorological seasons (northern hemisphere, both cities): DJF, MAM, JJA, SON. */
export function seasonOf(date: string): Season {
  const month = Number(date.slice(5, 7));
  return (
    [
      "winter",
      "winter",
      "spring",
      "spring",
      "spring",
      "summer",
      "summer",
      "summer",
      "autumn",
      "autumn",
      "autumn",
      "winter",
    ] as const
  )[month - 1]!;
}

/** Day of the year, 1–366. */
export function dayOfYear(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1;
}

const YEAR = 365.25;
const wet = (r: WeatherRecord) => (r.precipitation > 0 ? 1 : 0);

const seasonFeature = (season: Season, months: string): FeatureDefinition => ({
  name: `season_${season}`,
  meaning: `1 if the day is in ${season} (${months}), else 0`,
  transform: "one-hot",
  standardise: false,
  value: (r) => (seasonOf(r.date) === season ? 1 : 0),
});

const locationFeature = (location: (typeof LOCATIONS)[number]): FeatureDefinition => ({
  name: `location_${location.toLowerCase().replace(/ /g, "_")}`,
  meaning: `1 if the station is ${location}, else 0`,
  transform: "one-hot",
  standardise: false,
  value: (r) => (r.location === location ? 1 : 0),
});

export const FEATURES: readonly FeatureDefinition[] = [
  {
    name: "precipitation_log",
    meaning: "precipitation of the day (mm)",
    transform: "log1p, then standardised",
    standardise: true,
    value: (r) => Math.log1p(r.precipitation),
  },
  {
    name: "precipitation_any",
    meaning: "1 if any precipitation was recorded, else 0",
    transform: "indicator",
    standardise: false,
    value: wet,
  },
  {
    name: "temp_max",
    meaning: "daily maximum temperature (°C)",
    transform: "standardised",
    standardise: true,
    value: (r) => r.tempMax,
  },
  {
    name: "temp_min",
    meaning: "daily minimum temperature (°C)",
    transform: "standardised",
    standardise: true,
    value: (r) => r.tempMin,
  },
  {
    name: "temp_range",
    meaning: "temp_max − temp_min (°C): large on clear days, small under cloud",
    transform: "standardised",
    standardise: true,
    value: (r) => r.tempMax - r.tempMin,
  },
  {
    name: "wind",
    meaning: "mean wind speed (m/s)",
    transform: "standardised",
    standardise: true,
    value: (r) => r.wind,
  },
  {
    name: "wet_and_freezing",
    meaning: "1 if there was precipitation and temp_min ≤ 0 °C (snow is possible), else 0",
    transform: "indicator",
    standardise: false,
    value: (r) => wet(r) * (r.tempMin <= 0 ? 1 : 0),
  },
  {
    name: "day_of_year_sin",
    meaning: "seasonal position of the date",
    transform: "sin(2π · day_of_year / 365.25)",
    standardise: false,
    value: (r) => Math.sin((2 * Math.PI * dayOfYear(r.date)) / YEAR),
  },
  {
    name: "day_of_year_cos",
    meaning: "seasonal position of the date",
    transform: "cos(2π · day_of_year / 365.25)",
    standardise: false,
    value: (r) => Math.cos((2 * Math.PI * dayOfYear(r.date)) / YEAR),
  },
  seasonFeature("winter", "Dec–Feb"),
  seasonFeature("spring", "Mar–May"),
  seasonFeature("summer", "Jun–Aug"),
  seasonFeature("autumn", "Sep–Nov"),
  ...LOCATIONS.map(locationFeature),
];

/** Mean and standard deviation per feature (0 and 1 for unscaled ones). */
export interface FeatureScaling {
  mean: number[];
  std: number[];
}

export function fitScaling(records: readonly WeatherRecord[]): FeatureScaling {
  const mean: number[] = [];
  const std: number[] = [];
  for (const f of FEATURES) {
    if (!f.standardise) {
      mean.push(0);
      std.push(1);
      continue;
    }
    const values = records.map(f.value);
    const m = values.reduce((a, v) => a + v, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length;
    mean.push(m);
    std.push(Math.sqrt(variance) || 1);
  }
  return { mean, std };
}

/** The feature row of one record, rounded to 6 decimals. */
export function featureRow(record: WeatherRecord, scaling: FeatureScaling): number[] {
  return FEATURES.map((f, i) => round6((f.value(record) - scaling.mean[i]!) / scaling.std[i]!));
}

function round6(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}
