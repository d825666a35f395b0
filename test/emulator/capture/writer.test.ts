/**
 * The capture writer over the emulator's own S3 store: files in AWS's layout, group commit, and
 * the journal's promise – an acknowledged record reaches S3 exactly once, even when the process
 * dies before its file is written or after the file is written but before the journal knew.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataCaptureConfig } from "@aws-sdk/client-sagemaker";
import { captureSettings, type CaptureEvent } from "../../../src/emulator/capture/record";
import { CaptureWriter } from "../../../src/emulator/capture/writer";
import { silentLogger } from "../../../src/emulator/log";
import { Quarantine } from "../../../src/emulator/store/quarantine";
import { S3Store } from "../../../src/emulator/services/s3/store";

const NEVER = 3_600_000; // flush interval: these tests flush by hand

const settings = (uri = "s3://capture/data-capture") =>
  captureSettings({
    EnableCapture: true,
    InitialSamplingPercentage: 100,
    DestinationS3Uri: uri,
    CaptureOptions: [{ CaptureMode: "Input" }],
    CaptureContentTypeHeader: { CsvContentTypes: ["text/csv"] },
  } satisfies DataCaptureConfig)!;

const event = (i: number, variantName = "AllTraffic", time = Date.UTC(2026, 0, 1, 12, 0, 0)): CaptureEvent => ({
  endpointName: "weather",
  variantName,
  time,
  inferenceId: `id-${i}`,
  input: { body: Buffer.from(`${i},1,2`), contentType: "text/csv" },
  output: { body: Buffer.from("{}"), contentType: "application/json" },
  status: 200,
});

let root: string;
let store: S3Store;
const dirs = () => ({ journal: join(root, "journal"), copy: join(root, "copy") });
const open = (dir: string, into = store) =>
  CaptureWriter.open(
    dir,
    {
      put: async (bucket, key, body) =>
        void (await into.putObject(bucket, key, body, { contentType: "application/octet-stream", metadata: {} })),
    },
    silentLogger,
    NEVER,
  );

async function records(s = store): Promise<{ key: string; ids: string[] }[]> {
  const files = s.list("capture", { prefix: "", maxKeys: 1000 }).contents;
  return Promise.all(
    files.map(async (f) => ({
      key: f.key,
      ids: (await s.get("capture", f.key)).data
        .toString()
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { eventMetadata: { inferenceId: string } }).eventMetadata.inferenceId),
    })),
  );
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "capture-writer-"));
  store = await S3Store.open(join(root, "s3"), () => Date.now(), new Quarantine(root));
  await store.createBucket("capture", "us-east-1");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("capture writer", () => {
  it("writes one JSON Lines file per variant and hour on flush, in the capture key layout", async () => {
    const w = await open(dirs().journal);
    const later = Date.UTC(2026, 0, 1, 13, 0, 1, 500);
    await Promise.all([
      w.capture(event(1), settings()),
      w.capture(event(2, "Shadow"), settings()),
      w.capture(event(3), settings()),
      w.capture(event(4, "AllTraffic", later), settings()),
    ]);
    await w.close();
    const files = await records();
    expect(files.map((f) => f.key.replace(/[0-9a-f-]{36}\.jsonl$/, "<uuid>.jsonl")).sort()).toEqual([
      "data-capture/weather/AllTraffic/2026/01/01/12/00-00-000-<uuid>.jsonl",
      "data-capture/weather/AllTraffic/2026/01/01/13/00-01-500-<uuid>.jsonl",
      "data-capture/weather/Shadow/2026/01/01/12/00-00-000-<uuid>.jsonl",
    ]);
    expect(files.flatMap((f) => f.ids).sort()).toEqual(["id-1", "id-2", "id-3", "id-4"]);
    expect(readdirSync(dirs().journal)).toEqual([]);
  });

  it("acknowledges hundreds of concurrent records and delivers each once", async () => {
    const w = await open(dirs().journal);
    const acks = await Promise.all(Array.from({ length: 500 }, (_, i) => w.capture(event(i), settings())));
    expect(acks.every(Boolean)).toBe(true);
    await w.flush();
    await Promise.all(Array.from({ length: 100 }, (_, i) => w.capture(event(500 + i), settings())));
    await w.close();
    const ids = (await records()).flatMap((f) => f.ids);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
  });

  it("delivers acknowledged records a crashed process never wrote, skipping a torn last line", async () => {
    const w = await open(dirs().journal);
    await Promise.all([1, 2, 3].map((i) => w.capture(event(i), settings())));
    // The state a SIGKILL leaves: the journal as it is now (the live writer then goes elsewhere).
    cpSync(dirs().journal, dirs().copy, { recursive: true });
    await w.close();
    const [segment] = readdirSync(dirs().copy);
    appendFileSync(join(dirs().copy, segment!), '{"destination":{"bucket":"capt');

    const elsewhere = await S3Store.open(join(root, "s3-after-crash"), () => Date.now(), new Quarantine(root));
    await elsewhere.createBucket("capture", "us-east-1");
    const restarted = await open(dirs().copy, elsewhere);
    await restarted.close();
    expect((await records(elsewhere)).flatMap((f) => f.ids).sort()).toEqual(["id-1", "id-2", "id-3"]);
    expect(readdirSync(dirs().copy)).toEqual([]);
  });

  it("rewrites the same objects when a crash came after the files were written but before the journal was released", async () => {
    const w = await open(dirs().journal);
    await Promise.all([1, 2, 3].map((i) => w.capture(event(i, i === 2 ? "Shadow" : "AllTraffic"), settings())));
    cpSync(dirs().journal, dirs().copy, { recursive: true });
    await w.close();
    const delivered = await records();
    // Put the delivered segment back, as if the process died right after writing to S3.
    cpSync(dirs().copy, dirs().journal, { recursive: true });
    await (await open(dirs().journal)).close();
    expect(await records()).toEqual(delivered);
  });

  it("drops (and does not retry) files for a bucket that does not exist", async () => {
    const w = await open(dirs().journal);
    expect(await w.capture(event(1), settings("s3://no-such-bucket/x"))).toBe(true);
    await w.capture(event(2), settings());
    await w.close();
    expect((await records()).flatMap((f) => f.ids)).toEqual(["id-2"]);
    expect(readdirSync(dirs().journal)).toEqual([]);
  });
});
