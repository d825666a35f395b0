/**
 * The metric log: under hours of simulated load its size stays bounded
 * by retention (3 hours of 1-second data), not by uptime; a restart keeps every datapoint inside
 * retention, also from a log past V8's largest string (a zero-filled hole of 520 MiB, sparse on
 * disk). PutMetricData waits for the log's fsync: its cost is printed here, and that an
 * acknowledged one survives SIGKILL is shown in recovery.test.ts (which kills an emulator anyway).
 */
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetMetricStatisticsCommand, PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ManualClock } from "../../src/emulator/clock";
import { startTestEmulator } from "../../support/emulator";
import { report } from "./support/summary";

const HOURS = 8;
const RETENTION_S = 3 * 3600;
/** Past V8's largest string (2^29 − 24 characters, just under 512 MiB): the log cannot be read as one. */
const HOLE_BYTES = 520 * 1024 * 1024;
const METRICS = ["Load", "Latency"];
const dirs: string[] = [];
const figures: Record<string, number | string> = {};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  report({ order: 9, title: "Metric log", figures });
});

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "reliability-metrics-"));
  dirs.push(dir);
  return dir;
};
const logOf = (stateDir: string) => join(stateDir, "cloudwatch", "datapoints.jsonl");

/** Seconds of load per PutMetricData (120 datapoints stay under the 10 KB past which the SDK gzips the body). */
const BATCH_S = 60;

/** A batch of load: every second of [from, from + BATCH_S) gets one datapoint of each metric. */
const batch = (cw: CloudWatchClient, fromMs: number) =>
  cw.send(
    new PutMetricDataCommand({
      Namespace: "Reliability",
      MetricData: METRICS.flatMap((MetricName) =>
        Array.from({ length: BATCH_S }, (_, i) => ({
          MetricName,
          Value: i,
          Unit: "Count" as const,
          Timestamp: new Date(fromMs + i * 1000),
        })),
      ),
    }),
  );

/** Datapoints of `metric` in [start, end), counted by CloudWatch's SampleCount per hour. */
async function sampleCount(cw: CloudWatchClient, metric: string, start: number, end: number): Promise<number> {
  const out = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: "Reliability",
      MetricName: metric,
      StartTime: new Date(start),
      EndTime: new Date(end),
      Period: 3600,
      Statistics: ["SampleCount"],
    }),
  );
  return (out.Datapoints ?? []).reduce((sum, d) => sum + (d.SampleCount ?? 0), 0);
}

describe("the metric log", () => {
  it(`stays bounded by retention over ${HOURS} simulated hours, and a restart keeps every datapoint inside retention`, async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const stateDir = tempDir();
    let t = await startTestEmulator({ stateDir, clock });
    let largest = 0;
    const latencies: number[] = [];
    for (let b = 0; b < (HOURS * 3600) / BATCH_S; b++) {
      const began = performance.now();
      await batch(t.cloudwatch(), clock.now());
      latencies.push(performance.now() - began);
      clock.advance(BATCH_S * 1000);
      largest = Math.max(largest, statSync(logOf(stateDir)).size);
    }
    const end = clock.now();
    const before = statSync(logOf(stateDir)).size;
    await t.emulator.stop();
    // A restart compacts the log to exactly the data inside retention: the size retention implies.
    t = await startTestEmulator({ stateDir, clock });
    const retained = statSync(logOf(stateDir)).size;
    const bound = Math.max(2 * retained, 1024 * 1024) + retained / 10;
    const windowStart = end - RETENTION_S * 1000 + 3600_000; // whole hours well inside retention
    const expected = (end - windowStart) / 1000;
    const counts = await Promise.all(METRICS.map((metric) => sampleCount(t.cloudwatch(), metric, windowStart, end)));
    await t.stop();
    const sorted = [...latencies].sort((a, b) => a - b);
    Object.assign(figures, {
      [`simulated hours of load (${METRICS.length} metrics, 1 datapoint/s each)`]: HOURS,
      "log size after the load (bytes)": before,
      "largest log size during the load (bytes)": largest,
      "bound: 2 × the retained data (3 h), +10 % (bytes)": Math.round(bound),
      "log size after restart = retained data (bytes)": retained,
      [`a log of the whole ${HOURS} h would be about (bytes)`]: Math.round((retained * HOURS * 3600) / RETENTION_S),
      "datapoints inside retention lost on restart": METRICS.length * expected - counts.reduce((a, b) => a + b, 0),
      [`PutMetricData (${METRICS.length * BATCH_S} datapoints, fsynced before the answer): median ms`]: Number(
        sorted[Math.floor(sorted.length / 2)]!.toFixed(2),
      ),
      "PutMetricData: p95 ms": Number(sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2)),
    });
    expect(counts).toEqual(METRICS.map(() => expected));
    // A log of the whole uptime would hold HOURS / 3 times the retained data: retention, not uptime, bounds it.
    expect(largest).toBeLessThanOrEqual(bound);
  });

  it("loads a log past the largest string V8 can hold (a 520 MiB zero-filled hole before the lines) and keeps the file's datapoints", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const stateDir = tempDir();
    let t = await startTestEmulator({ stateDir, clock });
    await batch(t.cloudwatch(), clock.now());
    await t.emulator.stop();
    const lines = readFileSync(logOf(stateDir));
    const fd = openSync(logOf(stateDir), "w");
    ftruncateSync(fd, HOLE_BYTES); // a hole: no disk used, read back as zeros
    writeSync(fd, Buffer.concat([Buffer.from("\n"), lines]), 0, lines.length + 1, HOLE_BYTES);
    closeSync(fd);
    t = await startTestEmulator({ stateDir, clock });
    try {
      const counts = await Promise.all(
        METRICS.map((metric) => sampleCount(t.cloudwatch(), metric, clock.now() - 3600_000, clock.now() + 3600_000)),
      );
      figures[`datapoints kept from a 520 MiB log (of ${METRICS.length * BATCH_S})`] = counts.reduce(
        (a, b) => a + b,
        0,
      );
      expect(counts).toEqual([BATCH_S, BATCH_S]);
      // Compacted at start: the hole is gone, the file is its lines again.
      expect(statSync(logOf(stateDir)).size).toBeLessThan(1024 * 1024);
    } finally {
      await t.stop();
    }
  });
});
