import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetMetricStatisticsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  type ProductionVariant,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError, ValidationError } from "@aws-sdk/client-sagemaker-runtime";
import { loadLinearLearner } from "../../../../src/models";
import { ManualClock } from "../../../../src/emulator/clock";
import {
  LINEAR_LEARNER_IMAGE,
  ROLE,
  TEST_PROVISIONING_DELAY_MS,
  XGBOOST_IMAGE,
  eventually,
  failure,
  publishInvocationMetrics,
  startTestEmulator,
  type TestEmulator,
} from "../../../../support/emulator";

const DATA = join(__dirname, "..", "..", "..", "..", "data");
const artifact = readFileSync(join(DATA, "005-model.tar.gz"));
const rows = readFileSync(join(DATA, "test_linear_input_cols.csv"), "utf8").trim().split("\n");
const csv = rows.slice(0, 20).join("\n");

let t: TestEmulator;
// A manual clock (at the wall clock's time), so the invocation metrics' publication is walked, not waited for.
const clock = new ManualClock(Date.now());

async function endpoint(
  name: string,
  variants: (Omit<ProductionVariant, "ModelName"> & { image: string })[],
): Promise<void> {
  const sm = t.sagemaker();
  for (const v of variants) {
    await sm.send(
      new CreateModelCommand({
        ModelName: `${name}-${v.VariantName}`,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: v.image, ModelDataUrl: "s3://models/005-model.tar.gz" },
      }),
    );
  }
  const ProductionVariants = variants.map(({ image: _, ...v }) => ({ ...v, ModelName: `${name}-${v.VariantName}` }));
  await sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: name, ProductionVariants }));
  await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
  const d = await eventually(async () => {
    clock.advance(TEST_PROVISIONING_DELAY_MS);
    const out = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    return out.EndpointStatus === "Creating" ? undefined : out;
  });
  expect(d.EndpointStatus).toBe("InService");
}

const invoke = (EndpointName: string, extra: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]> = {}) =>
  t.runtime().send(
    new InvokeEndpointCommand({
      EndpointName,
      Body: Buffer.from(csv),
      ContentType: "text/csv",
      Accept: "application/json",
      ...extra,
    }),
  );

const variant = (VariantName: string, image: string, InitialVariantWeight = 1) => ({
  VariantName,
  image,
  InitialInstanceCount: 2,
  InstanceType: "ml.m5.large" as const,
  InitialVariantWeight,
});

beforeAll(async () => {
  t = await startTestEmulator({ clock });
  await t.s3().send(new CreateBucketCommand({ Bucket: "models" }));
  await t.s3().send(new PutObjectCommand({ Bucket: "models", Key: "005-model.tar.gz", Body: artifact }));
  await endpoint("weather", [variant("linear", LINEAR_LEARNER_IMAGE, 1), variant("xgb", XGBOOST_IMAGE, 0)]);
});
afterAll(() => t.stop());

describe("InvokeEndpoint", () => {
  it("serves the 005 linear-learner artifact: exactly the predictions the model reader computes", async () => {
    const out = await invoke("weather", { TargetVariant: "linear" });
    const expected = loadLinearLearner(artifact, "005-model.tar.gz").invoke(
      Buffer.from(csv),
      "text/csv",
      "application/json",
    );
    expect(out.ContentType).toBe(expected.contentType);
    expect(Buffer.from(out.Body).toString("utf8")).toBe(expected.body);
    expect((JSON.parse(Buffer.from(out.Body).toString("utf8")) as { predictions: unknown[] }).predictions).toHaveLength(
      20,
    );
    expect(out.InvokedProductionVariant).toBe("linear");
  });

  it("routes by variant weight: a weight-0 variant gets no traffic", async () => {
    for (let i = 0; i < 20; i++) expect((await invoke("weather")).InvokedProductionVariant).toBe("linear");
  });

  it("answers ModelError 424 with the container's 500 when the XGBoost container cannot load a linear-learner artifact", async () => {
    const e = await failure(invoke("weather", { TargetVariant: "xgb" }));
    expect(e).toBeInstanceOf(ModelError);
    const m = e as ModelError;
    expect(m.$metadata.httpStatusCode).toBe(424);
    expect(m.OriginalStatusCode).toBe(500);
    expect(m.OriginalMessage).toMatch(/^Unable to load model: /);
    expect(m.message).toBe(
      `Received server error (500) from primary with message "${m.OriginalMessage}". See https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/weather in account 000000000000 for more information.`,
    );
    expect(m.LogStreamArn).toBe("arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/weather");
  });

  it("answers ModelError with the container's 4xx for a payload the container refuses", async () => {
    const e = (await failure(
      invoke("weather", { TargetVariant: "linear", Body: Buffer.from("1,2,three") }),
    )) as ModelError;
    expect(e.name).toBe("ModelError");
    expect(e.OriginalStatusCode).toBe(400);
    expect(e.message).toMatch(/^Received client error \(400\) from primary with message "/);
  });

  it("records AWS/SageMaker metrics per variant, in microseconds for latencies", async () => {
    publishInvocationMetrics(clock);
    const cw = t.cloudwatch();
    const stat = async (MetricName: string, VariantName: string, Statistic: "Sum" | "SampleCount" = "Sum") => {
      const out = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/SageMaker",
          MetricName,
          Dimensions: [
            { Name: "EndpointName", Value: "weather" },
            { Name: "VariantName", Value: VariantName },
          ],
          StartTime: new Date(clock.now() - 600_000),
          EndTime: new Date(clock.now() + 60_000),
          Period: 3600,
          Statistics: [Statistic],
        }),
      );
      return out.Datapoints?.reduce((s, d) => s + (d[Statistic] ?? 0), 0) ?? 0;
    };
    expect(await stat("Invocations", "linear")).toBe(22);
    expect(await stat("InvocationsPerInstance", "linear")).toBe(11);
    expect(await stat("Invocation4XXErrors", "linear")).toBe(1);
    expect(await stat("InvocationModelErrors", "linear")).toBe(1);
    expect(await stat("Invocation5XXErrors", "linear")).toBe(0);
    expect(await stat("Invocations", "xgb")).toBe(1);
    expect(await stat("Invocation5XXErrors", "xgb")).toBe(1);
    expect(await stat("ModelLatency", "linear", "SampleCount")).toBe(22);
    const metrics = await cw.send(
      new ListMetricsCommand({ Namespace: "AWS/SageMaker", Dimensions: [{ Name: "EndpointName", Value: "weather" }] }),
    );
    expect(new Set(metrics.Metrics?.map((m) => m.MetricName))).toEqual(
      new Set([
        "Invocations",
        "InvocationsPerInstance",
        "Invocation4XXErrors",
        "Invocation5XXErrors",
        "InvocationModelErrors",
        "ModelLatency",
        "OverheadLatency",
      ]),
    );
  });

  it("answers ValidationError for an unknown endpoint, an endpoint that is not InService and an unknown TargetVariant", async () => {
    const unknown = await failure(invoke("nowhere"));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(unknown.message).toBe("Endpoint nowhere of account 000000000000 not found.");
    expect(unknown.$metadata.httpStatusCode).toBe(400);
    await t
      .sagemaker()
      .send(new CreateEndpointCommand({ EndpointName: "still-creating", EndpointConfigName: "weather" }));
    const creating = await failure(invoke("still-creating"));
    expect(creating.name).toBe("ValidationError");
    const target = await failure(invoke("weather", { TargetVariant: "blue" }));
    expect(target.name).toBe("ValidationError");
  });

  it("enforces the 6 MB payload limit and the InferenceId constraints", async () => {
    const big = await failure(invoke("weather", { Body: Buffer.alloc(6_291_457, 0x31) }));
    expect(big.name).toBe("ValidationError");
    expect(big.message).toContain("Member must have length less than or equal to 6291456");
    await invoke("weather", { InferenceId: "request-0001" });
    const id = await failure(invoke("weather", { InferenceId: "x".repeat(65) }));
    expect(id.message).toMatch(
      /^1 validation error detected: Value 'x+' at 'inferenceId' failed to satisfy constraint: Member must have length less than or equal to 64/,
    );
  });
});
