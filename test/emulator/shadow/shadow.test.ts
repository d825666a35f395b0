/**
 * Shadow variants and data capture through the JS SDK: every copied request reaches the shadow,
 * its answer only shows in the shadow's metrics and capture records, and the records of both
 * variants join on InferenceId and decode to the exact payloads and predictions.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../../src/emulator/random";
import { loadLinearLearner } from "../../../src/models";
import { ManualClock } from "../../../src/emulator/clock";
import {
  DATA,
  metricSum,
  publishInvocationMetrics,
  startTestEmulator,
  type TestEmulator,
} from "../../../support/emulator";
import {
  CAPTURE_URI,
  capturesOf,
  createModel,
  createShadowEndpoint,
  decode,
  prepareBuckets,
  readCaptures,
  sendTraffic,
  variant,
} from "../../../support/shadow";

const captureConfig = {
  EnableCapture: true,
  InitialSamplingPercentage: 100,
  DestinationS3Uri: CAPTURE_URI,
  CaptureOptions: [{ CaptureMode: "Input" as const }, { CaptureMode: "Output" as const }],
  CaptureContentTypeHeader: { CsvContentTypes: ["text/csv"], JsonContentTypes: ["application/json"] },
};

/** What each linear-learner model answers for a row, straight from the model reader. */
const expected = (artifact: string) => {
  const model = loadLinearLearner(readFileSync(join(DATA, artifact)), artifact);
  return (row: string) => model.invoke(Buffer.from(row), "text/csv", "application/json").body;
};

let t: TestEmulator;
// A manual clock (at the wall clock's time), so the invocation metrics' publication is walked, not waited for.
const clock = new ManualClock(Date.now());

/** A metric's sum once everything sent so far is published. */
function published(endpoint: string, variant: string, metric: string): Promise<number> {
  publishInvocationMetrics(clock);
  return metricSum(t, endpoint, variant, metric, { now: clock.now() });
}

beforeAll(async () => {
  t = await startTestEmulator({ random: seededRandom(20260101), clock });
  await prepareBuckets(t);
  await createModel(t, "weather-v1", "linear-learner", "005-model.tar.gz");
  await createModel(t, "weather-v2", "linear-learner", "009-model.tar.gz");
  await createModel(t, "weather-xgb-broken", "xgboost", "009-model.tar.gz");
});
afterAll(() => t.stop());

describe("a shadow config with 100 % copy and capture on", () => {
  const endpoint = "shadow-full";
  let described: Awaited<ReturnType<typeof createShadowEndpoint>>;

  beforeAll(async () => {
    described = await createShadowEndpoint(
      t,
      endpoint,
      "weather-v1",
      variant("ShadowVariant", "weather-v2"),
      captureConfig,
    );
  });

  it("launches both fleets: DescribeEndpoint shows the shadow variant's summary and the capture summary", () => {
    expect(described.ProductionVariants?.map((v) => v.VariantName)).toEqual(["AllTraffic"]);
    expect(described.ShadowProductionVariants).toEqual([
      expect.objectContaining({
        VariantName: "ShadowVariant",
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
      }),
    ]);
    expect(described.ShadowProductionVariants?.[0]?.DeployedImages?.[0]?.SpecifiedImage).toMatch(/linear-learner:1$/);
    expect(described.DataCaptureConfig).toEqual({
      EnableCapture: true,
      CaptureStatus: "Started",
      CurrentSamplingPercentage: 100,
      DestinationS3Uri: CAPTURE_URI,
    });
  });

  it("1,000 requests → exactly 1,000 production and 1,000 shadow records, joinable by InferenceId, decoding to the payload and each model's prediction", async () => {
    const sent = await sendTraffic(t, endpoint, 1000, "full");
    expect(sent.filter((s) => s.status !== "ok")).toEqual([]);
    const production = expected("005-model.tar.gz");
    const shadow = expected("009-model.tar.gz");
    for (const s of sent) expect(s.body).toBe(production(s.row));

    const records = await capturesOf(t, clock, endpoint, 2000);
    expect(records).toHaveLength(2000);
    const byVariant = (name: string) =>
      new Map(records.filter((r) => r.variant === name).map((r) => [r.eventMetadata.inferenceId!, r]));
    const prod = byVariant("AllTraffic");
    const shad = byVariant("ShadowVariant");
    expect(prod.size).toBe(1000);
    expect(shad.size).toBe(1000);
    expect(new Set(records.map((r) => r.eventMetadata.eventId)).size).toBe(2000);
    for (const s of sent) {
      const p = prod.get(s.inferenceId)!;
      const q = shad.get(s.inferenceId)!;
      expect(decode(p.captureData.endpointInput)).toBe(s.row);
      expect(decode(q.captureData.endpointInput)).toBe(s.row);
      expect(decode(p.captureData.endpointOutput)).toBe(production(s.row));
      expect(decode(q.captureData.endpointOutput)).toBe(shadow(s.row));
      expect(p.captureData.endpointInput).toMatchObject({
        observedContentType: "text/csv",
        mode: "INPUT",
        encoding: "CSV",
      });
      expect(q.captureData.endpointOutput).toMatchObject({
        observedContentType: "application/json",
        mode: "OUTPUT",
        encoding: "JSON",
      });
      expect(p.eventVersion).toBe("0");
      expect(p.eventMetadata.inferenceTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    for (const r of records)
      expect(r.key).toMatch(
        new RegExp(`/${endpoint}/${r.variant}/\\d{4}/\\d\\d/\\d\\d/\\d\\d/\\d\\d-\\d\\d-\\d{3}-[0-9a-f-]{36}\\.jsonl$`),
      );
  });

  it("records the AWS/SageMaker metrics of each variant under its own VariantName, matching the counts", async () => {
    for (const v of ["AllTraffic", "ShadowVariant"]) {
      expect(await published(endpoint, v, "Invocations")).toBe(1000);
      expect(await published(endpoint, v, "InvocationsPerInstance")).toBe(1000);
      expect(await published(endpoint, v, "Invocation5XXErrors")).toBe(0);
      expect(await published(endpoint, v, "Invocation4XXErrors")).toBe(0);
    }
  });
});

describe("a shadow of weight 0.25 against a production weight of 1", () => {
  it("receives 25 % ± 4 points of 2,000 requests, and the caller only ever sees production", async () => {
    const endpoint = "shadow-quarter";
    await createShadowEndpoint(t, endpoint, "weather-v1", variant("ShadowVariant", "weather-v2", 0.25));
    const sent = await sendTraffic(t, endpoint, 2000, "quarter");
    expect(sent.filter((s) => s.status !== "ok")).toEqual([]);
    expect(await published(endpoint, "AllTraffic", "Invocations")).toBe(2000);
    const copied = await published(endpoint, "ShadowVariant", "Invocations");
    expect(copied / 2000).toBeGreaterThanOrEqual(0.21);
    expect(copied / 2000).toBeLessThanOrEqual(0.29);
  });
});

describe("an XGBoost-image shadow serving a linear-learner artifact", () => {
  const endpoint = "shadow-broken";

  beforeAll(async () => {
    await createShadowEndpoint(
      t,
      endpoint,
      "weather-v1",
      variant("ShadowVariant", "weather-xgb-broken"),
      captureConfig,
    );
  });

  it("answers every request from production; the shadow's 5XX show in its metrics and its error captures", async () => {
    const sent = await sendTraffic(t, endpoint, 100, "broken");
    expect(sent.filter((s) => s.status !== "ok")).toEqual([]);
    const records = await capturesOf(t, clock, endpoint, 200);
    const shadow = records.filter((r) => r.variant === "ShadowVariant");
    expect(shadow).toHaveLength(100);
    for (const r of shadow) {
      expect(r.eventMetadata.containerStatusCode).toBe(500);
      expect(r.captureData.endpointOutput).toMatchObject({ observedContentType: "text/plain", encoding: "BASE64" });
      expect(decode(r.captureData.endpointOutput)).toMatch(/^Unable to load model: /);
    }
    const production = records.filter((r) => r.variant === "AllTraffic");
    expect(production.every((r) => r.eventMetadata.containerStatusCode === undefined)).toBe(true);
    expect(new Set(production.map((r) => r.eventMetadata.inferenceId))).toEqual(
      new Set(shadow.map((r) => r.eventMetadata.inferenceId)),
    );
    expect(await published(endpoint, "ShadowVariant", "Invocation5XXErrors")).toBe(100);
    expect(await published(endpoint, "ShadowVariant", "InvocationModelErrors")).toBe(100);
    expect(await published(endpoint, "AllTraffic", "Invocation5XXErrors")).toBe(0);
    expect(await published(endpoint, "AllTraffic", "Invocations")).toBe(100);
  });
});

describe("capture sampling, options and shutdown", () => {
  it("captures about InitialSamplingPercentage of requests as production + shadow pairs, only the modes asked for, all flushed on shutdown", async () => {
    const own = await startTestEmulator({ random: seededRandom(1) });
    try {
      await prepareBuckets(own);
      await createModel(own, "weather-v1", "linear-learner", "005-model.tar.gz");
      await createModel(own, "weather-v2", "linear-learner", "009-model.tar.gz");
      const endpoint = "shadow-sampled";
      const described = await createShadowEndpoint(
        own,
        endpoint,
        "weather-v1",
        variant("ShadowVariant", "weather-v2"),
        {
          ...captureConfig,
          InitialSamplingPercentage: 50,
          CaptureOptions: [{ CaptureMode: "Output" }],
        },
      );
      expect(described.DataCaptureConfig?.CurrentSamplingPercentage).toBe(50);
      await sendTraffic(own, endpoint, 400, "sampled");
      await own.emulator.stop();

      const restarted = await startTestEmulator({ stateDir: own.stateDir });
      const records = await readCaptures(restarted, endpoint);
      await restarted.emulator.stop();
      const ids = (v: string) =>
        records
          .filter((r) => r.variant === v)
          .map((r) => r.eventMetadata.inferenceId)
          .sort();
      expect(ids("AllTraffic")).toEqual(ids("ShadowVariant"));
      expect(ids("AllTraffic").length).toBeGreaterThanOrEqual(160);
      expect(ids("AllTraffic").length).toBeLessThanOrEqual(240);
      expect(
        records.every((r) => r.captureData.endpointInput === undefined && r.captureData.endpointOutput !== undefined),
      ).toBe(true);
    } finally {
      rmSync(own.stateDir, { recursive: true, force: true });
    }
  });
});
