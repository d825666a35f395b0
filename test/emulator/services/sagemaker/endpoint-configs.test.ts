import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  ProductionVariantInstanceType,
  type CreateEndpointConfigInput,
} from "@aws-sdk/client-sagemaker";
import { PRODUCTION_VARIANT_INSTANCE_TYPES } from "../../../../src/emulator/services/sagemaker/instance-types";
import {
  LINEAR_LEARNER_IMAGE,
  ROLE,
  failure,
  startTestEmulator,
  type TestEmulator,
} from "../../../../support/emulator";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket: "artifacts" }));
  await t.s3().send(new PutObjectCommand({ Bucket: "artifacts", Key: "model.tar.gz", Body: "bytes" }));
  for (const ModelName of ["prod-model", "shadow-model"]) {
    await t.sagemaker().send(
      new CreateModelCommand({
        ModelName,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://artifacts/model.tar.gz" },
      }),
    );
  }
});
afterAll(() => t.stop());

const variant = (VariantName: string, ModelName = "prod-model") => ({
  VariantName,
  ModelName,
  InitialInstanceCount: 1,
  InstanceType: "ml.m5.large" as const,
});
const create = (input: CreateEndpointConfigInput) => t.sagemaker().send(new CreateEndpointConfigCommand(input));

describe("SageMaker endpoint configurations", () => {
  it("knows every instance type of the SageMaker API model", () => {
    expect([...PRODUCTION_VARIANT_INSTANCE_TYPES].sort()).toEqual(Object.values(ProductionVariantInstanceType).sort());
  });

  it("creates a config with production and shadow variants and data capture, and describes it with defaults filled", async () => {
    const DataCaptureConfig = {
      InitialSamplingPercentage: 100,
      DestinationS3Uri: "s3://capture/data",
      CaptureOptions: [{ CaptureMode: "Input" as const }, { CaptureMode: "Output" as const }],
      CaptureContentTypeHeader: { CsvContentTypes: ["text/csv"], JsonContentTypes: ["application/json"] },
    };
    const created = await create({
      EndpointConfigName: "shadow-config",
      ProductionVariants: [variant("prod")],
      ShadowProductionVariants: [{ ...variant("shadow", "shadow-model"), InitialVariantWeight: 0.5 }],
      DataCaptureConfig,
    });
    expect(created.EndpointConfigArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/shadow-config");
    const d = await t.sagemaker().send(new DescribeEndpointConfigCommand({ EndpointConfigName: "shadow-config" }));
    expect(d).toMatchObject({
      EndpointConfigName: "shadow-config",
      EndpointConfigArn: created.EndpointConfigArn,
      ProductionVariants: [{ ...variant("prod"), InitialVariantWeight: 1 }],
      ShadowProductionVariants: [{ ...variant("shadow", "shadow-model"), InitialVariantWeight: 0.5 }],
      DataCaptureConfig: { ...DataCaptureConfig, EnableCapture: true },
    });
    expect(d.CreationTime).toBeInstanceOf(Date);
  });

  it("refuses a duplicate configuration", async () => {
    await create({ EndpointConfigName: "twice", ProductionVariants: [variant("v")] });
    const e = await failure(create({ EndpointConfigName: "twice", ProductionVariants: [variant("v")] }));
    expect(e.message).toBe(
      'Cannot create already existing endpoint configuration "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/twice".',
    );
  });

  it("refuses a variant whose model does not exist", async () => {
    const e = await failure(
      create({ EndpointConfigName: "no-model", ProductionVariants: [variant("v", "ghost-model")] }),
    );
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe('Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/ghost-model".');
  });

  it("validates variant members: names, instance type enum, counts, weights", async () => {
    const e = await failure(
      create({
        EndpointConfigName: "bad_config",
        ProductionVariants: [
          {
            VariantName: "ok",
            ModelName: "prod-model",
            InitialInstanceCount: 0,
            InstanceType: "ml.banana.large" as never,
            InitialVariantWeight: -1,
          },
        ],
      }),
    );
    expect(e.message).toMatch(
      /^4 validation errors detected: Value 'bad_config' at 'endpointConfigName' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[a-zA-Z0-9\]\(-\*\[a-zA-Z0-9\]\)\{0,62\}\$; /,
    );
    expect(e.message).toContain(
      "Value '0' at 'productionVariants.1.member.initialInstanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(e.message).toContain(
      "Value 'ml.banana.large' at 'productionVariants.1.member.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [",
    );
    expect(e.message).toContain(
      "Value '-1' at 'productionVariants.1.member.initialVariantWeight' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  it("requires ProductionVariants and each variant's name and model", async () => {
    const none = await failure(create({ EndpointConfigName: "empty", ProductionVariants: undefined }));
    expect(none.message).toBe(
      "1 validation error detected: Value null at 'productionVariants' failed to satisfy constraint: Member must not be null",
    );
    const missing = await failure(
      create({
        EndpointConfigName: "empty",
        ProductionVariants: [{ InitialInstanceCount: 1, InstanceType: "ml.m5.large" } as never],
      }),
    );
    expect(missing.message).toBe(
      "2 validation errors detected: Value null at 'productionVariants.1.member.variantName' failed to satisfy constraint: Member must not be null; Value null at 'productionVariants.1.member.modelName' failed to satisfy constraint: Member must not be null",
    );
  });

  it("validates DataCaptureConfig: sampling range, destination, capture mode enum", async () => {
    const e = await failure(
      create({
        EndpointConfigName: "bad-capture",
        ProductionVariants: [variant("v")],
        DataCaptureConfig: {
          InitialSamplingPercentage: 101,
          DestinationS3Uri: "ftp://x",
          CaptureOptions: [{ CaptureMode: "Everything" as never }],
        },
      }),
    );
    expect(e.message).toMatch(/^3 validation errors detected: /);
    expect(e.message).toContain(
      "Value '101' at 'dataCaptureConfig.initialSamplingPercentage' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    expect(e.message).toContain("Value 'ftp://x' at 'dataCaptureConfig.destinationS3Uri'");
    expect(e.message).toContain(
      "Value 'Everything' at 'dataCaptureConfig.captureOptions.1.member.captureMode' failed to satisfy constraint: Member must satisfy enum value set: [Input, Output, InputAndOutput]",
    );
  });

  it("stores MetricsConfig and describes it with the API reference's defaults for members left out", async () => {
    await create({
      EndpointConfigName: "enhanced-10",
      ProductionVariants: [variant("v")],
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 },
    });
    const enhanced = await t.sagemaker().send(new DescribeEndpointConfigCommand({ EndpointConfigName: "enhanced-10" }));
    expect(enhanced.MetricsConfig).toEqual({
      EnableEnhancedMetrics: true,
      EnableDetailedObservability: true,
      MetricPublishFrequencyInSeconds: 10,
    });
    await create({ EndpointConfigName: "metrics-defaults", ProductionVariants: [variant("v")], MetricsConfig: {} });
    const defaults = await t
      .sagemaker()
      .send(new DescribeEndpointConfigCommand({ EndpointConfigName: "metrics-defaults" }));
    expect(defaults.MetricsConfig).toEqual({
      EnableEnhancedMetrics: false,
      EnableDetailedObservability: true,
      MetricPublishFrequencyInSeconds: 60,
    });
    await create({ EndpointConfigName: "no-metrics-config", ProductionVariants: [variant("v")] });
    const absent = await t
      .sagemaker()
      .send(new DescribeEndpointConfigCommand({ EndpointConfigName: "no-metrics-config" }));
    expect(absent.MetricsConfig).toBeUndefined();
  });

  it("refuses a MetricPublishFrequencyInSeconds outside 10, 30, 60, 120, 180, 240, 300 and members of the wrong type", async () => {
    const e = await failure(
      create({
        EndpointConfigName: "every-15",
        ProductionVariants: [variant("v")],
        MetricsConfig: { MetricPublishFrequencyInSeconds: 15 as never },
      }),
    );
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(
      "1 validation error detected: Value '15' at 'metricsConfig.metricPublishFrequencyInSeconds' failed to satisfy constraint: Member must satisfy enum value set: [10, 30, 60, 120, 180, 240, 300]",
    );
    const text = await failure(
      create({
        EndpointConfigName: "enhanced-text",
        ProductionVariants: [variant("v")],
        MetricsConfig: { EnableEnhancedMetrics: "yes" as never },
      }),
    );
    expect(text.name).toBe("SerializationException");
  });

  it("refuses a non-integer in an integer member (InitialInstanceCount, InitialSamplingPercentage) before any validation", async () => {
    const count = await failure(
      create({
        EndpointConfigName: "fractional",
        ProductionVariants: [{ ...variant("v"), InitialInstanceCount: 1.5 }],
      }),
    );
    expect([count.name, count.message]).toEqual([
      "SerializationException",
      "Unexpected value type for member 'productionVariants.1.member.initialInstanceCount'.",
    ]);
    const sampling = await failure(
      create({
        EndpointConfigName: "fractional",
        ProductionVariants: [variant("v")],
        DataCaptureConfig: {
          InitialSamplingPercentage: 50.5,
          DestinationS3Uri: "s3://capture/data",
          CaptureOptions: [{ CaptureMode: "Input" }],
        },
      }),
    );
    expect(sampling.name).toBe("SerializationException");
    // A float member takes a fraction.
    await create({
      EndpointConfigName: "fractional-weight",
      ProductionVariants: [{ ...variant("v"), InitialVariantWeight: 0.25 }],
    });
  });

  it("accepts only the documented ServerlessConfig.MemorySizeInMB sizes (1024 … 6144 in 1 GB steps)", async () => {
    const serverless = (MemorySizeInMB: number) => ({
      VariantName: "v",
      ModelName: "prod-model",
      ServerlessConfig: { MemorySizeInMB, MaxConcurrency: 5 },
    });
    await create({ EndpointConfigName: "serverless-2g", ProductionVariants: [serverless(2048)] });
    const d = await t.sagemaker().send(new DescribeEndpointConfigCommand({ EndpointConfigName: "serverless-2g" }));
    expect(d.ProductionVariants?.[0]?.ServerlessConfig).toEqual({ MemorySizeInMB: 2048, MaxConcurrency: 5 });
    const between = await failure(
      create({ EndpointConfigName: "serverless-odd", ProductionVariants: [serverless(1500)] }),
    );
    expect(between.message).toBe(
      "1 validation error detected: Value '1500' at 'productionVariants.1.member.serverlessConfig.memorySizeInMB' failed to satisfy constraint: Member must satisfy enum value set: [1024, 2048, 3072, 4096, 5120, 6144]",
    );
    const above = await failure(
      create({ EndpointConfigName: "serverless-big", ProductionVariants: [serverless(8192)] }),
    );
    expect(above.message).toBe(
      "1 validation error detected: Value '8192' at 'productionVariants.1.member.serverlessConfig.memorySizeInMB' failed to satisfy constraint: Member must have value less than or equal to 6144, Member must satisfy enum value set: [1024, 2048, 3072, 4096, 5120, 6144]",
    );
    const noConcurrency = await failure(
      create({
        EndpointConfigName: "serverless-nc",
        ProductionVariants: [
          { VariantName: "v", ModelName: "prod-model", ServerlessConfig: { MemorySizeInMB: 1024 } as never },
        ],
      }),
    );
    expect(noConcurrency.message).toBe(
      "1 validation error detected: Value null at 'productionVariants.1.member.serverlessConfig.maxConcurrency' failed to satisfy constraint: Member must not be null",
    );
  });

  it("allows shadow variants only as one production plus one shadow, with distinct variant names", async () => {
    const two = await failure(
      create({
        EndpointConfigName: "two-prod",
        ProductionVariants: [variant("a"), variant("b")],
        ShadowProductionVariants: [variant("s", "shadow-model")],
      }),
    );
    expect(two.name).toBe("ValidationException");
    const same = await failure(
      create({
        EndpointConfigName: "same-names",
        ProductionVariants: [variant("a")],
        ShadowProductionVariants: [variant("a", "shadow-model")],
      }),
    );
    expect(same.message).toContain('"a" is used more than once');
  });

  it("requires an instance type and count for a non-serverless variant", async () => {
    const e = await failure(
      create({ EndpointConfigName: "no-type", ProductionVariants: [{ VariantName: "v", ModelName: "prod-model" }] }),
    );
    expect(e.name).toBe("ValidationException");
  });

  it("lists, filters and deletes configurations; Describe/Delete of a missing one fail", async () => {
    for (const name of ["cfg-x", "cfg-y"])
      await create({ EndpointConfigName: name, ProductionVariants: [variant("v")] });
    const list = await t
      .sagemaker()
      .send(new ListEndpointConfigsCommand({ NameContains: "cfg-", SortBy: "Name", SortOrder: "Descending" }));
    expect(list.EndpointConfigs?.map((c) => c.EndpointConfigName)).toEqual(["cfg-y", "cfg-x"]);
    expect(list.EndpointConfigs?.[0]?.EndpointConfigArn).toBe(
      "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/cfg-y",
    );
    await t.sagemaker().send(new DeleteEndpointConfigCommand({ EndpointConfigName: "cfg-x" }));
    const missing =
      'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/cfg-x".';
    expect(
      (await failure(t.sagemaker().send(new DescribeEndpointConfigCommand({ EndpointConfigName: "cfg-x" })))).message,
    ).toBe(missing);
    expect(
      (await failure(t.sagemaker().send(new DeleteEndpointConfigCommand({ EndpointConfigName: "cfg-x" })))).message,
    ).toBe(missing);
  });
});
