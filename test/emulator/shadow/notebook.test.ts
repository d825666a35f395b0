/**
 * The notebook's shadow test, step for step: an endpoint serving v1 is moved with a plain
 * UpdateEndpoint (no DeploymentConfig) to a config with a broken XGBoost-image shadow and data
 * capture; 100 CSV requests with InferenceIds; the capture files under
 * `…/data-capture/weather-prediction-endpoint/` are parsed, BASE64 decoded when the record says
 * so, read as linear-learner predictions and joined on InferenceId.
 */
import { CreateEndpointConfigCommand, UpdateEndpointCommand } from "@aws-sdk/client-sagemaker";
import { ManualClock } from "../../../src/emulator/clock";
import { metricSum, publishInvocationMetrics, startTestEmulator, type TestEmulator } from "../../../support/emulator";
import {
  CAPTURE_URI,
  capturesOf,
  createEndpoint,
  createModel,
  decode,
  prepareBuckets,
  sendTraffic,
  settled,
  variant,
} from "../../../support/shadow";

const ENDPOINT = "weather-prediction-endpoint";
let t: TestEmulator;
// A manual clock (at the wall clock's time), so the invocation metrics' publication is walked, not waited for.
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await startTestEmulator({ clock });
  await prepareBuckets(t);
  await createModel(t, "weather-model-v1-k", "linear-learner", "005-model.tar.gz");
  await createModel(t, "weather-model-shadow-k", "xgboost", "009-model.tar.gz");
  const sm = t.sagemaker();
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "weather-config-v1-k",
      ProductionVariants: [variant("AllTraffic", "weather-model-v1-k")],
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "weather-config-shadow-k",
      ProductionVariants: [variant("AllTraffic", "weather-model-v1-k")],
      ShadowProductionVariants: [variant("ShadowVariant", "weather-model-shadow-k")],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        DestinationS3Uri: CAPTURE_URI,
        CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }],
        CaptureContentTypeHeader: { CsvContentTypes: ["text/csv"], JsonContentTypes: ["application/json"] },
      },
    }),
  );
  await createEndpoint(t, ENDPOINT, "weather-config-v1-k");
});
afterAll(() => t.stop());

describe("the notebook's shadow test", () => {
  it("UpdateEndpoint to the shadow config launches both fleets and shows the shadow and capture summaries", async () => {
    // Served before the update, without capture: none of these may ever appear in the captures below.
    expect((await sendTraffic(t, ENDPOINT, 10, "before-update")).every((s) => s.status === "ok")).toBe(true);
    await t
      .sagemaker()
      .send(new UpdateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: "weather-config-shadow-k" }));
    const d = await settled(t, ENDPOINT);
    expect(d.EndpointConfigName).toBe("weather-config-shadow-k");
    expect(d.ShadowProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount])).toEqual([
      ["ShadowVariant", 1],
    ]);
    expect(d.ShadowProductionVariants?.[0]?.DeployedImages?.[0]?.SpecifiedImage).toMatch(/sagemaker-xgboost:1\.2-1$/);
    expect(d.DataCaptureConfig).toEqual({
      EnableCapture: true,
      CaptureStatus: "Started",
      CurrentSamplingPercentage: 100,
      DestinationS3Uri: CAPTURE_URI,
    });
  });

  it("answers all 100 requests from production; captures join on InferenceId: predictions for production, 500 errors for the shadow", async () => {
    const sent = await sendTraffic(t, ENDPOINT, 100, "shadow-k-run1");
    expect(sent.filter((s) => s.status !== "ok")).toEqual([]);
    // A record is journaled before its reply and files are written in journal order, so once the
    // 200 records of this run are in S3, any record of the earlier requests would be too.
    const records = await capturesOf(t, clock, ENDPOINT, 200);
    expect(records).toHaveLength(200);
    const join = new Map<string, { production?: string; shadow?: string; shadowStatus?: number }>();
    for (const r of records) {
      const entry = join.get(r.eventMetadata.inferenceId!) ?? {};
      if (r.variant === "AllTraffic") entry.production = decode(r.captureData.endpointOutput);
      if (r.variant === "ShadowVariant")
        Object.assign(entry, {
          shadow: decode(r.captureData.endpointOutput),
          shadowStatus: r.eventMetadata.containerStatusCode,
        });
      join.set(r.eventMetadata.inferenceId!, entry);
    }
    expect([...join.keys()].sort()).toEqual(sent.map((s) => s.inferenceId).sort());
    for (const { production, shadow, shadowStatus } of join.values()) {
      const { predictions } = JSON.parse(production!) as { predictions: { predicted_label: number }[] };
      expect(predictions).toHaveLength(1);
      expect(typeof predictions[0]!.predicted_label).toBe("number");
      expect(shadowStatus).toBe(500);
      expect(shadow).toMatch(/^Unable to load model: /);
    }
  });

  it("records the shadow's 5XX under its VariantName, also with the EndpointConfigName dimension, and none for production", async () => {
    publishInvocationMetrics(clock);
    const now = clock.now();
    expect(await metricSum(t, ENDPOINT, "ShadowVariant", "Invocation5XXErrors", { now })).toBe(100);
    expect(await metricSum(t, ENDPOINT, "AllTraffic", "Invocation5XXErrors", { now })).toBe(0);
    expect(
      await metricSum(t, ENDPOINT, "ShadowVariant", "Invocation5XXErrors", {
        EndpointConfigName: "weather-config-shadow-k",
        now,
      }),
    ).toBe(100);
  });
});
