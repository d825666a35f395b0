// `npm test`: the main suite (vitest.config.mts) and the reliability suite
// (test/reliability/vitest.config.mts: one file at a time, with --expose-gc) side by side, in two
// vitest processes that share nothing but the machine: each test file binds its own ports (0) and
// owns its state dirs. The main suite's output streams as it runs; the reliability suite's is kept
// and printed after it, so neither interleaves with the other. Each writes every file's duration
// and every test's outcome to its JSON report under reports/tests/ (scripts/slowest-tests.mjs
// lists the slowest files from them). Exits non-zero when either suite fails.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = createRequire(join(root, "package.json")).resolve("vitest/vitest.mjs");
const REPORTS = join(root, "reports", "tests");

/** Runs one suite; `log` keeps its output in a file instead of streaming it. */
function suite(name, config, log) {
  const args = [
    vitest,
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${join(REPORTS, `${name}.json`)}`,
  ];
  if (config) args.push("--config", config);
  // Any further arguments (e.g. --bail=1) go to both suites.
  args.push(...process.argv.slice(2));
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ["ignore", log ? "pipe" : "inherit", log ? "pipe" : "inherit"],
  });
  const chunks = [];
  if (log) {
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => chunks.push(c));
  }
  return new Promise((done) =>
    child.on("close", (code, signal) => {
      if (log) writeFileSync(log, Buffer.concat(chunks));
      done({ name, code: code ?? (signal ? 1 : 0), output: log ? Buffer.concat(chunks).toString() : "" });
    }),
  );
}

mkdirSync(REPORTS, { recursive: true });
const started = Date.now();
const results = await Promise.all([
  suite("main", undefined, undefined),
  suite("reliability", "test/reliability/vitest.config.mts", join(REPORTS, "reliability.log")),
]);
for (const r of results.filter((r) => r.output)) {
  process.stdout.write(`\n── ${r.name} suite (run alongside; output kept in ${join(REPORTS, `${r.name}.log`)}) ──\n`);
  process.stdout.write(r.output);
}
const seconds = Math.round((Date.now() - started) / 1000);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
console.log(`\nnpm test: ${failed.length ? `${failed.join(" and ")} failed` : "both suites passed"} in ${seconds} s.`);
process.exit(failed.length ? 1 : 0);
