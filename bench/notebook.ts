/**
 * The full notebook, headless on the local target, timed against the sum of
 * the waits its timing profile configures (bakes and traffic durations):
 * everything above that sum is overhead – kernel start, provisioning,
 * alarm evaluation, polling, charts.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROFILES } from "../src/aws/config";

const ROOT = join(__dirname, "..");
const TEST_ROWS = 877;

export async function run(): Promise<void> {
  const p = PROFILES.fast;
  const waits = {
    "Task 1 inference test": p.testRequests / p.requestsPerSecond,
    "Task 2 canary + final bakes (3 deployments)": 3 * (p.canaryBakeSeconds + p.finalBakeSeconds),
    "Task 3 shadow traffic (3 runs)": (3 * Math.min(p.shadowRequests, TEST_ROWS)) / p.shadowRequestsPerSecond,
  };
  const sum = Object.values(waits).reduce((a, b) => a + b, 0);
  // Charts wait for CloudWatch to publish the last interval: on average half an interval plus the delay, 7 times.
  const publication = 7 * (p.metricsPublication.intervalSeconds / 2 + p.metricsPublication.delaySeconds);
  const dir = mkdtempSync(join(tmpdir(), "guardrails-bench-"));
  const started = Date.now();
  try {
    await promisify(execFile)(process.execPath, [join(ROOT, "dist", "report", "run-notebook.js"), "--out", dir], {
      // The runner starts its own emulator on a port it binds itself, with its state in `dir`.
      env: { ...process.env, GUARDRAILS_TARGET: "local", GUARDRAILS_STATE_DIR: join(dir, "state") },
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = (Date.now() - started) / 1000;
  for (const [name, seconds] of Object.entries(waits))
    console.log(`  ${name.padEnd(46)} ${seconds.toFixed(1).padStart(6)} s`);
  console.log(`configured waits (sum)                           ${sum.toFixed(1).padStart(6)} s`);
  console.log(`full headless run (npm start), wall time         ${wall.toFixed(1).padStart(6)} s`);
  console.log(`CloudWatch publication waits (expected)          ${publication.toFixed(1).padStart(6)} s`);
  const ratio = wall / (sum + publication);
  console.log(
    `ratio ${ratio.toFixed(2)} (${(wall / sum).toFixed(2)} without publication waits)   target ≤ 1.30 × the waits and ≤ 240 s: ${ratio <= 1.3 && wall <= 240 ? "meets target" : "misses target"}`,
  );
}
