/**
 * The fuzzer, as a specification: at least 20,000 generated and mutated requests to all four
 * services (support/fuzz-gen.ts; seeded, request i is reproducible on its own), sent 16 at a
 * time to an in-process emulator. The emulator
 * - answers every request (no dropped connection, no hang),
 * - never answers a 5XX (InternalFailure means an unhandled exception; S3's documented 501
 *   NotImplemented for what it does not implement is the one exception),
 * - writes every 4XX as an AWS error its protocol's clients can read (a code),
 * - leaves no unhandled rejection or exception behind, keeps its memory bounded,
 * - and afterwards still answers valid requests correctly.
 *
 * RELIABILITY_FUZZ_SEED and RELIABILITY_FUZZ_COUNT change the stream; RELIABILITY_FUZZ_ONLY=i,j
 * replays single requests (printing what was sent and answered).
 */
import { GetMetricStatisticsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeEndpointCommand, ListModelsCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import type { RequestLog } from "../../src/emulator/log";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { ARTIFACT, ROWS, deployLinearLearner, uploadArtifact } from "./support/fixtures";
import { FUZZ_FIXTURES, SERVICES_OF_ORIGIN, generate, type FuzzRequest } from "./support/fuzz-gen";
import { report } from "./support/summary";
import { Wire, sendBytes, type RawResponse } from "./support/wire";

const SEED = Number(process.env["RELIABILITY_FUZZ_SEED"] ?? 20_261_128);
const COUNT = Number(process.env["RELIABILITY_FUZZ_COUNT"] ?? 20_000);
const ONLY = process.env["RELIABILITY_FUZZ_ONLY"]?.split(",").map(Number);
const CONCURRENCY = 16;
const SENTINEL = { bucket: "sentinel-untouched", key: "acknowledged.txt", body: "written before the fuzzer started" };
/** Heap the emulator may keep after 20,000 requests (state it legitimately stores included). */
const HEAP_GROWTH_LIMIT_MB = 96;
/** The whole test process (emulator and the fuzzer's client) after the run. */
const RSS_LIMIT_MB = 1024;

interface Finding {
  index: number;
  origin: string;
  mutations: string[];
  answer: string;
}

let t: TestEmulator;
let wire: Wire;
const logs = { requests: 0, internalFailures: 0, failed: new Map<string, number>() };
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);
const tally = {
  sent: 0,
  raw: 0,
  authBroken: 0,
  byClass: new Map<string, number>(),
  byService: new Map<string, number>(),
  lost: [] as Finding[],
  fiveXX: [] as Finding[],
  unshaped: [] as Finding[],
  notImplemented: 0,
};
const memory = { heapBeforeMb: 0, heapAfterMb: 0, rssBeforeMb: 0, rssAfterMb: 0 };
let baseline = "";
let seconds = 0;

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const invokeBaseline = async () =>
  Buffer.from(
    (
      await t.runtime().send(
        new InvokeEndpointCommand({
          EndpointName: FUZZ_FIXTURES.endpoint,
          Body: Buffer.from(ROWS.slice(0, 10).join("\n")),
          ContentType: "text/csv",
          Accept: "application/json",
        }),
      )
    ).Body,
  ).toString("utf8");

beforeAll(async () => {
  t = await startTestEmulator({
    logger: {
      request: (e: RequestLog) => {
        logs.requests++;
        if (e.outcome === "InternalFailure") {
          logs.internalFailures++;
          bump(logs.failed, `${e.service} ${e.operation} ${e.status}`);
        }
      },
      info: () => {},
    },
  });
  wire = new Wire(t.emulator.url, CONCURRENCY);
  const s3 = t.s3();
  await uploadArtifact(s3);
  await s3.send(new CreateBucketCommand({ Bucket: FUZZ_FIXTURES.bucket }));
  for (const Key of FUZZ_FIXTURES.keys)
    await s3.send(
      new PutObjectCommand({
        Bucket: FUZZ_FIXTURES.bucket,
        Key,
        Body: Key === "model.tar.gz" ? ARTIFACT : `fixture ${Key}`,
      }),
    );
  // A bucket the generator never names: whatever the fuzzer does, these bytes must stay as acknowledged.
  await s3.send(new CreateBucketCommand({ Bucket: SENTINEL.bucket }));
  await s3.send(new PutObjectCommand({ Bucket: SENTINEL.bucket, Key: SENTINEL.key, Body: SENTINEL.body }));
  const status = await deployLinearLearner(t.sagemaker(), {
    model: FUZZ_FIXTURES.model,
    config: FUZZ_FIXTURES.config,
    endpoint: FUZZ_FIXTURES.endpoint,
  });
  expect(status).toBe("InService");
  baseline = await invokeBaseline();
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
  wire?.close();
  await t?.stop();
  const classes = Object.fromEntries([...tally.byClass].sort().map(([k, v]) => [`  answered ${k}`, v]));
  const services = Object.fromEntries([...tally.byService].sort().map(([k, v]) => [`  from ${k} requests`, v]));
  report({
    order: 2,
    title: `Fuzzer (seed ${SEED})`,
    figures: {
      "requests sent": tally.sent,
      ...services,
      "  as raw socket bytes": tally.raw,
      "  with broken authentication": tally.authBroken,
      ...classes,
      "  answered 501 NotImplemented (S3, documented)": tally.notImplemented,
      "answered 5XX (bugs)": tally.fiveXX.length,
      "4XX without an AWS error code": tally.unshaped.length,
      "unhandled rejections/exceptions": unhandled.length,
      "lost (no answer)": tally.lost.length,
      "heap before → after (MB)": `${memory.heapBeforeMb} → ${memory.heapAfterMb}`,
      "RSS before → after (MB)": `${memory.rssBeforeMb} → ${memory.rssAfterMb}`,
      "duration (s)": seconds,
    },
  });
});

function describeAnswer(r: RawResponse): string {
  return `${r.status} ${r.code ?? ""} ${(r.message ?? r.body.toString("utf8")).slice(0, 160)}`.trim();
}

async function fire(req: FuzzRequest): Promise<void> {
  tally.sent++;
  if (req.authBroken) tally.authBroken++;
  const finding = (answer: string): Finding => ({
    index: req.index,
    origin: req.origin,
    mutations: req.mutations,
    answer,
  });
  if (req.bytes) {
    tally.raw++;
    const answer = (await sendBytes(wire.port, req.bytes)).toString("latin1");
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
    bump(tally.byClass, status ? `${Math.floor(status / 100)}XX` : "by closing the connection");
    if (status >= 500) tally.fiveXX.push(finding(answer.slice(0, 200)));
    return;
  }
  bump(tally.byService, SERVICES_OF_ORIGIN(req.origin));
  let r: RawResponse;
  try {
    r = await wire.send(req.raw!, req.postSign?.apply);
  } catch (e) {
    tally.lost.push(finding(String(e)));
    return;
  }
  if (ONLY)
    console.log(
      JSON.stringify(
        { index: req.index, origin: req.origin, mutations: req.mutations, request: req.raw, answer: describeAnswer(r) },
        (_, v: unknown) => (typeof v === "string" && v.length > 300 ? `${v.slice(0, 300)}…` : v),
        2,
      ),
    );
  // S3 says NotImplemented for what the emulator documents it lacks (a HEAD says it without a body).
  if (
    r.status === 501 &&
    r.headers["x-amz-request-id"] &&
    (r.code === "NotImplemented" || req.raw!.method === "HEAD")
  ) {
    tally.notImplemented++;
    return;
  }
  bump(tally.byClass, `${Math.floor(r.status / 100)}XX`);
  if (r.status >= 500) tally.fiveXX.push(finding(describeAnswer(r)));
  else if (r.status >= 400 && r.code === undefined && (req.raw!.method ?? "") !== "HEAD")
    tally.unshaped.push(finding(describeAnswer(r)));
}

/** Unique findings by where they came from and what was answered, for a readable failure. */
function distinct(findings: Finding[]): string {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.origin} ⇒ ${f.answer.replace(/[0-9a-f-]{36}/g, "<id>").slice(0, 90)}`;
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen]
    .slice(0, 25)
    .map(([key, f]) => `#${f.index} ${key}\n    mutations: ${f.mutations.join("; ")}`)
    .join("\n");
}

describe("fuzzer", () => {
  it(`sends ${ONLY ? "the chosen" : COUNT.toLocaleString("en-US")} generated and mutated requests: every one answered, none with a 5XX, every 4XX an AWS error`, async () => {
    const indexes = ONLY ?? Array.from({ length: COUNT }, (_, i) => i);
    gc();
    const before = process.memoryUsage();
    memory.heapBeforeMb = mb(before.heapUsed);
    memory.rssBeforeMb = mb(before.rss);
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < indexes.length) await fire(generate(SEED, indexes[next++]!, wire.host));
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    seconds = Math.round((performance.now() - started) / 100) / 10;
    gc();
    const after = process.memoryUsage();
    memory.heapAfterMb = mb(after.heapUsed);
    memory.rssAfterMb = mb(after.rss);

    expect(tally.sent).toBe(indexes.length);
    expect({
      "left without an answer": distinct(tally.lost),
      "answered with a 5XX": distinct(tally.fiveXX),
      "4XX without an AWS error code": distinct(tally.unshaped),
      "InternalFailure in the request log": Object.fromEntries(logs.failed),
      "unhandled rejections or exceptions": unhandled.map(String),
    }).toEqual({
      "left without an answer": "",
      "answered with a 5XX": "",
      "4XX without an AWS error code": "",
      "InternalFailure in the request log": {},
      "unhandled rejections or exceptions": [],
    });
  }, 300_000);

  it(`keeps its memory bounded: heap grows less than ${HEAP_GROWTH_LIMIT_MB} MB over the run, the process stays under ${RSS_LIMIT_MB} MB`, () => {
    expect(memory.heapAfterMb - memory.heapBeforeMb).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
    expect(memory.rssAfterMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it("still answers valid requests correctly on all four services", async () => {
    expect(await invokeBaseline()).toBe(baseline);
    const s3 = t.s3();
    await s3.send(new PutObjectCommand({ Bucket: FUZZ_FIXTURES.bucket, Key: "after-fuzz.txt", Body: "still here" }));
    expect(
      await (
        await s3.send(new GetObjectCommand({ Bucket: FUZZ_FIXTURES.bucket, Key: "after-fuzz.txt" }))
      ).Body?.transformToString(),
    ).toBe("still here");
    expect(
      await (
        await s3.send(new GetObjectCommand({ Bucket: SENTINEL.bucket, Key: SENTINEL.key }))
      ).Body?.transformToString(),
    ).toBe(SENTINEL.body);
    const sm = t.sagemaker();
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: FUZZ_FIXTURES.endpoint }))).EndpointStatus).toBe(
      "InService",
    );
    expect(
      (await sm.send(new ListModelsCommand({ NameContains: FUZZ_FIXTURES.model }))).Models?.map((m) => m.ModelName),
    ).toEqual([FUZZ_FIXTURES.model]);
    const cw = t.cloudwatch();
    const Timestamp = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await cw.send(
      new PutMetricDataCommand({ Namespace: "AfterFuzz", MetricData: [{ MetricName: "Alive", Value: 7, Timestamp }] }),
    );
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: "AfterFuzz",
        MetricName: "Alive",
        StartTime: Timestamp,
        EndTime: new Date(Timestamp.getTime() + 60_000),
        Period: 60,
        Statistics: ["Sum"],
      }),
    );
    expect(stats.Datapoints?.map((p) => p.Sum)).toEqual([7]);
  });
});
