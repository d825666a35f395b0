/**
 * Models benchmarks (`npm run bench -- models`):
 *  - wall time of the 10-job hyperparameter search (target < 60 s on 2 cores);
 *  - linear-learner reader throughput on the whole test set as one batch
 *    (target ≥ 200,000 rows/s), both for scoring a float32 matrix through the
 *    symbol graph and for a full `text/csv` invocation (parse, score, JSON).
 * Figures are printed next to their targets, never asserted.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadLinearLearner } from "../src/models";
import { SEARCH_SEED } from "../src/models/training/build-training-data";
import { runSearch } from "../src/models/training/hyperparameter-search";
import { buildWeatherDataset } from "../src/models/weather/weather-dataset";
import { readWeatherRecords } from "../src/models/weather/weather-records";

const SEARCH_TARGET_SECONDS = 60;
const THROUGHPUT_TARGET = 200_000;

/** Runs `work` repeatedly for at least `seconds`; returns calls per second. */
function rate(work: () => void, seconds = 1): number {
  work(); // warm-up
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    work();
    calls++;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const verdict = (ok: boolean) => (ok ? "meets target" : "MISSES target");

export function run(): void {
  const started = performance.now();
  const dataset = buildWeatherDataset(readWeatherRecords());
  const jobs = runSearch(dataset, SEARCH_SEED);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `10-job search (${jobs.length} jobs × 20 epochs, data prep included): ${seconds.toFixed(2)} s   target < ${SEARCH_TARGET_SECONDS} s   ${verdict(seconds < SEARCH_TARGET_SECONDS)}`,
  );

  const data = join(process.cwd(), "data");
  const payload = new Uint8Array(readFileSync(join(data, "test_linear_input_cols.csv")));
  for (const job of ["005", "009"]) {
    const model = loadLinearLearner(
      new Uint8Array(readFileSync(join(data, `${job}-model.tar.gz`))),
      `${job}-model.tar.gz`,
    );
    const rows = dataset.test.rows;
    const features = Float32Array.from(dataset.test.features);
    const scoring = rate(() => model.score(features, rows)) * rows;
    const invoking = rate(() => model.invoke(payload, "text/csv", "application/json")) * rows;
    console.log(`${job}-model.tar.gz, ${rows} test rows per batch:`);
    console.log(
      `  graph scoring (float32 matrix):      ${fmt(scoring).padStart(11)} rows/s   target ≥ ${fmt(THROUGHPUT_TARGET)}   ${verdict(scoring >= THROUGHPUT_TARGET)}`,
    );
    console.log(
      `  text/csv invocation (parse+score+JSON): ${fmt(invoking).padStart(8)} rows/s   target ≥ ${fmt(THROUGHPUT_TARGET)}   ${verdict(invoking >= THROUGHPUT_TARGET)}`,
    );
  }
}
