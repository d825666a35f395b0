/**
 * A full state disk (a 24 MiB tmpfs filled to a few KiB) loses nothing and counts nothing twice:
 * - a PutMetricData of 300 datums that cannot be written is refused as a whole with CloudWatch's
 *   ServiceUnavailable (503) naming ENOSPC, a PutObject with S3's; no temp file is left behind;
 * - reads keep being answered meanwhile;
 * - once space returns the same requests succeed, and every series holds exactly its one
 *   datapoint, before and after a restart (a torn append is cut back, never re-appended).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
  type MetricDatum,
} from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { report } from "./support/summary";

const SERIES = 300;
const tally = {
  datumsRefused: 0,
  objectsRefused: 0,
  tempFilesLeft: 0,
  readsAnswered: 0,
  countedBeforeRestart: 0,
  countedAfterRestart: 0,
  seriesWrong: 0,
};

let mount: string;
let e: TestEmulator | undefined;

beforeAll(() => {
  mount = mkdtempSync(join(tmpdir(), "reliability-disk-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", mount]);
});

afterAll(async () => {
  await e?.emulator.stop();
  execFileSync("umount", [mount]);
  rmSync(mount, { recursive: true, force: true });
  report({
    order: 11,
    title: "Full disk",
    figures: {
      "datums of a PutMetricData refused on a full disk": tally.datumsRefused,
      "PutObjects refused on a full disk": tally.objectsRefused,
      "reads answered while full": tally.readsAnswered,
      "temp files left behind": tally.tempFilesLeft,
      [`datapoints counted once space returned (of ${SERIES})`]: tally.countedBeforeRestart,
      [`  after a restart (of ${SERIES})`]: tally.countedAfterRestart,
      "series counted twice or lost": tally.seriesWrong,
    },
  });
});

const now = Math.floor(Date.now() / 1000) * 1000;
const datums: MetricDatum[] = Array.from({ length: SERIES }, (_, i) => ({
  MetricName: "Requests",
  Dimensions: [{ Name: "Series", Value: `series-${i}` }],
  Timestamp: new Date(now - 60_000),
  Value: 1,
  StorageResolution: 1,
}));

/** Fills the tmpfs to `freeBytes` free with one file; returns its path. */
function fill(freeBytes: number): string {
  const filler = join(mount, "filler");
  const { bavail, bsize } = statfsSync(mount);
  writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - freeBytes)));
  return filler;
}

function tempFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".tmp"));
}

/** SampleCount of every series over the minute, in one GetMetricData. */
async function counts(t: TestEmulator): Promise<number[]> {
  const out = await t.cloudwatch().send(
    new GetMetricDataCommand({
      StartTime: new Date(now - 120_000),
      EndTime: new Date(now + 60_000),
      MetricDataQueries: datums.map((d, i) => ({
        Id: `s${i}`,
        MetricStat: {
          Metric: { Namespace: "Reliability/Disk", MetricName: d.MetricName, Dimensions: d.Dimensions },
          Period: 60,
          Stat: "SampleCount",
        },
      })),
    }),
  );
  const byId = new Map((out.MetricDataResults ?? []).map((r) => [r.Id, (r.Values ?? []).reduce((a, b) => a + b, 0)]));
  return datums.map((_, i) => byId.get(`s${i}`) ?? 0);
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (x: Error & { $metadata?: { httpStatusCode?: number } }) => x,
  );

describe("a state disk that fills up", () => {
  it("refuses whole requests with the service's own error, keeps reading, and counts each datum once", async () => {
    const stateDir = join(mount, "state");
    mkdirSync(stateDir);
    e = await startTestEmulator({ stateDir });
    const s3 = e.s3();
    const cloudwatch = e.cloudwatch();
    await s3.send(new CreateBucketCommand({ Bucket: "disk-full" }));
    await s3.send(new PutObjectCommand({ Bucket: "disk-full", Key: "before", Body: "kept" }));

    const filler = fill(6 * 1024);
    const put = () => cloudwatch.send(new PutMetricDataCommand({ Namespace: "Reliability/Disk", MetricData: datums }));
    const refused = await failure(put());
    tally.datumsRefused = refused ? SERIES : 0;
    expect([refused?.name, refused?.$metadata?.httpStatusCode]).toEqual(["ServiceUnavailable", 503]);
    expect(refused?.message).toContain("ENOSPC");
    const upload = () =>
      s3.send(new PutObjectCommand({ Bucket: "disk-full", Key: "during", Body: Buffer.alloc(256 * 1024, 1) }));
    const refusedObject = await failure(upload());
    if (refusedObject) tally.objectsRefused++;
    expect([refusedObject?.name, refusedObject?.$metadata?.httpStatusCode]).toEqual(["ServiceUnavailable", 503]);
    expect(refusedObject?.message).toContain("ENOSPC");
    tally.tempFilesLeft = tempFiles(stateDir).length;
    expect(tempFiles(stateDir)).toEqual([]);

    // Reads go on: the object written before, the metrics (none of the refused batch).
    expect(
      await (await s3.send(new GetObjectCommand({ Bucket: "disk-full", Key: "before" }))).Body?.transformToString(),
    ).toBe("kept");
    expect((await cloudwatch.send(new ListMetricsCommand({ Namespace: "Reliability/Disk" }))).Metrics).toEqual([]);
    expect((await counts(e)).reduce((a, b) => a + b, 0)).toBe(0);
    tally.readsAnswered += 3;

    rmSync(filler);
    await put();
    await upload();
    const before = await counts(e);
    tally.countedBeforeRestart = before.reduce((a, b) => a + b, 0);
    expect(before).toEqual(datums.map(() => 1));

    await e.emulator.stop();
    expect(statSync(join(stateDir, "cloudwatch", "datapoints.jsonl")).size).toBeGreaterThan(0);
    e = await startTestEmulator({ stateDir });
    const after = await counts(e);
    tally.countedAfterRestart = after.reduce((a, b) => a + b, 0);
    tally.seriesWrong = after.filter((n) => n !== 1).length;
    expect(after).toEqual(datums.map(() => 1));
    expect(tempFiles(stateDir)).toEqual([]);
  });
});
