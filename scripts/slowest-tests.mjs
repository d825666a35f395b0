// The test files that took longest in the last `npm test`, from the suites' JSON reports under
// reports/tests/ (scripts/test.mjs writes them), and how many tests ran. CI prints this after the run.
// usage: node scripts/slowest-tests.mjs [count]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const count = Number(process.argv[2] ?? 10);
const files = [];
for (const suite of ["main", "reliability"]) {
  const path = join(root, "reports", "tests", `${suite}.json`);
  if (!existsSync(path)) {
    console.log(`No report of the ${suite} suite (${relative(root, path)}).`);
    continue;
  }
  const report = JSON.parse(readFileSync(path, "utf8"));
  const tests = report.testResults.flatMap((file) => file.assertionResults);
  const by = (status) => tests.filter((t) => t.status === status).length;
  console.log(
    `${suite}: ${report.testResults.length} files, ${tests.length} tests (${by("passed")} passed, ${by("failed")} failed, ${tests.length - by("passed") - by("failed")} skipped or todo)`,
  );
  for (const file of report.testResults)
    files.push({ suite, name: relative(root, file.name), seconds: (file.endTime - file.startTime) / 1000 });
}
files.sort((a, b) => b.seconds - a.seconds);
console.log(`The ${Math.min(count, files.length)} slowest test files:`);
for (const f of files.slice(0, count)) console.log(`${f.seconds.toFixed(1).padStart(8)} s  ${f.name}`);
