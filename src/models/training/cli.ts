/**
 * `npm run train` — rebuilds data/ (CSV splits, feature names, tuning table,
 * 005-model.tar.gz and 009-model.tar.gz) from vega-datasets' weather.csv.
 *
 *   npm run train                       write everything to ./data
 *   npm run train -- --out <dir>        write to another directory
 *   npm run train -- --scan-seeds 1-400 list search seeds that meet the
 *                                       shipping criteria (see version-selection.ts)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readWeatherRecords } from "../weather/weather-records";
import { buildTrainingData, scanSearchSeeds } from "./build-training-data";

function main(args: string[]): void {
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const records = readWeatherRecords();
  const scan = option("--scan-seeds");
  if (scan !== undefined) {
    const match = /^(\d+)-(\d+)$/.exec(scan);
    if (!match) throw new Error(`--scan-seeds expects a range like 1-400, got ${scan}`);
    for (const seed of scanSearchSeeds(records, Number(match[1]), Number(match[2])))
      console.log(`seed ${seed} meets the criteria`);
    return;
  }
  const out = resolve(option("--out") ?? "data");
  const started = performance.now();
  const build = buildTrainingData(records);
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of build.files) writeFileSync(join(out, name), bytes);
  console.log(new TextDecoder().decode(build.files.get("tuning-jobs.md")));
  console.log(`Wrote ${build.files.size} files to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

main(process.argv.slice(2));
