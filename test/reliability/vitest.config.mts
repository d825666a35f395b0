/**
 * `npm run test:reliability` = `vitest run --config test/reliability/vitest.config.mts`.
 * The files run one after another (the fuzzer and the load test each want both cores), with
 * --expose-gc so memory is measured after a collection, and a global teardown that prints the
 * suite's figures.
 */
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: resolve(__dirname, "..", ".."),
    include: ["test/reliability/**/*.test.ts"],
    globals: true,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 1, minForks: 1, isolate: true, execArgv: ["--expose-gc"] } },
    fileParallelism: false,
    globalSetup: ["test/reliability/support/global-summary.mts"],
  },
});
