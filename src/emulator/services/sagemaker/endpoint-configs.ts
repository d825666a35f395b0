/** CreateEndpointConfig / DescribeEndpointConfig / ListEndpointConfigs / DeleteEndpointConfig. */
import type {
  CaptureOption,
  CreateEndpointConfigInput,
  CreateEndpointConfigOutput,
  DataCaptureConfig,
  DeleteEndpointConfigInput,
  DescribeEndpointConfigInput,
  DescribeEndpointConfigOutput,
  ListEndpointConfigsInput,
  ListEndpointConfigsOutput,
  MetricsConfig,
  ProductionVariant,
  ProductionVariantServerlessConfig,
} from "@aws-sdk/client-sagemaker";
import { arnOf } from "./arns";
import { sageMakerErrors, sageMakerValidator, validationException } from "./errors";
import { PRODUCTION_VARIANT_INSTANCE_TYPES } from "./instance-types";
import { listPage } from "./listing";
import { CONTENT_TYPE, DESTINATION_S3_URI, MODEL_NAME, NAME_MAX, validateResourceName } from "./names";
import type { EndpointConfigRecord } from "./records";
import { keyOf, type SageMakerState } from "./state";
import { validateTags } from "./tags";
import type { Validator } from "../validation";

function validateVariant(v: Validator, path: string, pv: ProductionVariant): void {
  v.structure(path, pv);
  validateResourceName(v, `${path}.variantName`, pv.VariantName);
  if (v.required(`${path}.modelName`, pv.ModelName))
    v.string(`${path}.modelName`, pv.ModelName, { max: NAME_MAX, pattern: MODEL_NAME });
  v.integer(`${path}.initialInstanceCount`, pv.InitialInstanceCount, { min: 1 });
  v.oneOf(`${path}.instanceType`, pv.InstanceType, PRODUCTION_VARIANT_INSTANCE_TYPES);
  v.number(`${path}.initialVariantWeight`, pv.InitialVariantWeight, { min: 0 });
  v.integer(`${path}.volumeSizeInGB`, pv.VolumeSizeInGB, { min: 1, max: 512 });
  v.integer(`${path}.modelDataDownloadTimeoutInSeconds`, pv.ModelDataDownloadTimeoutInSeconds, { min: 60, max: 3600 });
  v.integer(`${path}.containerStartupHealthCheckTimeoutInSeconds`, pv.ContainerStartupHealthCheckTimeoutInSeconds, {
    min: 60,
    max: 3600,
  });
  validateServerless(v, `${path}.serverlessConfig`, pv.ServerlessConfig);
}

/** The sizes the ServerlessConfig reference lists ("1 GB increments: 1024 MB, … or 6144 MB"). */
const SERVERLESS_MEMORY_SIZES = [1024, 2048, 3072, 4096, 5120, 6144] as const;

function validateServerless(v: Validator, path: string, c: ProductionVariantServerlessConfig | undefined): void {
  if (!v.structure(path, c) || !c) return;
  if (v.required(`${path}.memorySizeInMB`, c.MemorySizeInMB)) {
    v.integer(`${path}.memorySizeInMB`, c.MemorySizeInMB, { min: 1024, max: 6144 });
    v.intEnum(`${path}.memorySizeInMB`, c.MemorySizeInMB, SERVERLESS_MEMORY_SIZES);
  }
  if (v.required(`${path}.maxConcurrency`, c.MaxConcurrency))
    v.integer(`${path}.maxConcurrency`, c.MaxConcurrency, { min: 1, max: 200 });
  v.integer(`${path}.provisionedConcurrency`, c.ProvisionedConcurrency, { min: 1, max: 200 });
}

function validateDataCapture(v: Validator, c: DataCaptureConfig | undefined): void {
  const p = "dataCaptureConfig";
  if (!v.structure(p, c) || !c) return;
  v.structure(`${p}.captureContentTypeHeader`, c.CaptureContentTypeHeader);
  if (v.required(`${p}.initialSamplingPercentage`, c.InitialSamplingPercentage))
    v.integer(`${p}.initialSamplingPercentage`, c.InitialSamplingPercentage, { min: 0, max: 100 });
  if (v.required(`${p}.destinationS3Uri`, c.DestinationS3Uri)) {
    v.string(`${p}.destinationS3Uri`, c.DestinationS3Uri, { max: 512, pattern: DESTINATION_S3_URI });
    v.s3Url(`${p}.destinationS3Uri`, c.DestinationS3Uri);
  }
  v.string(`${p}.kmsKeyId`, c.KmsKeyId, { max: 2048 });
  if (v.required(`${p}.captureOptions`, c.CaptureOptions)) {
    v.list<CaptureOption>(`${p}.captureOptions`, c.CaptureOptions, { min: 1, max: 32 }, (mp, o) => {
      v.structure(mp, o);
      if (v.required(`${mp}.captureMode`, o.CaptureMode))
        v.oneOf(`${mp}.captureMode`, o.CaptureMode, ["Input", "Output", "InputAndOutput"]);
    });
  }
  const header = c.CaptureContentTypeHeader;
  for (const [member, list] of [
    ["csvContentTypes", header?.CsvContentTypes],
    ["jsonContentTypes", header?.JsonContentTypes],
  ] as const) {
    v.list<string>(`${p}.captureContentTypeHeader.${member}`, list, { min: 1, max: 10 }, (mp, t) =>
      v.string(mp, t, { max: 256, pattern: CONTENT_TYPE }),
    );
  }
}

/** The publication intervals SageMaker offers (the SDK's MetricPublishFrequencyInSeconds intEnum). */
export const METRIC_PUBLISH_FREQUENCIES = [10, 30, 60, 120, 180, 240, 300] as const;

/**
 * Seconds between publications of a fleet's invocation metrics: MetricPublishFrequencyInSeconds
 * applies to them only with enhanced metrics on; otherwise they are published every 60 s (the
 * MetricsConfig reference).
 */
export const invocationMetricsInterval = (c: MetricsConfig | undefined): number =>
  c?.EnableEnhancedMetrics ? (c.MetricPublishFrequencyInSeconds ?? 60) : 60;

function validateMetricsConfig(v: Validator, c: MetricsConfig | undefined): void {
  const p = "metricsConfig";
  if (!v.structure(p, c) || !c) return;
  v.boolean(`${p}.enableEnhancedMetrics`, c.EnableEnhancedMetrics);
  v.boolean(`${p}.enableDetailedObservability`, c.EnableDetailedObservability);
  v.intEnum(`${p}.metricPublishFrequencyInSeconds`, c.MetricPublishFrequencyInSeconds, METRIC_PUBLISH_FREQUENCIES);
}

export async function createEndpointConfig(
  s: SageMakerState,
  input: CreateEndpointConfigInput,
): Promise<CreateEndpointConfigOutput> {
  const v = sageMakerValidator();
  validateResourceName(v, "endpointConfigName", input.EndpointConfigName);
  if (v.required("productionVariants", input.ProductionVariants)) {
    v.list<ProductionVariant>("productionVariants", input.ProductionVariants, { min: 1, max: 10 }, (p, pv) =>
      validateVariant(v, p, pv),
    );
  }
  v.list<ProductionVariant>("shadowProductionVariants", input.ShadowProductionVariants, { min: 1, max: 10 }, (p, pv) =>
    validateVariant(v, p, pv),
  );
  validateDataCapture(v, input.DataCaptureConfig);
  validateMetricsConfig(v, input.MetricsConfig);
  v.string("kmsKeyId", input.KmsKeyId, { max: 2048 });
  validateTags(v, "tags", input.Tags);
  v.check();

  const { Tags, ...spec } = input;
  const name = input.EndpointConfigName!;
  const arn = arnOf(s.deps.region, "endpoint-config", name);
  if (s.configs.has(keyOf(name))) throw sageMakerErrors.alreadyExists("endpoint-config", arn);
  const production = input.ProductionVariants!;
  const shadows = input.ShadowProductionVariants ?? [];
  // Semantic rules below are AWS's; their wordings are inferred.
  if (shadows.length > 0 && (production.length !== 1 || shadows.length !== 1)) {
    throw validationException(
      "An endpoint configuration with ShadowProductionVariants must have exactly one production variant and one shadow variant.",
    );
  }
  const seen = new Set<string>();
  for (const pv of [...production, ...shadows]) {
    const variant = pv.VariantName!.toLowerCase();
    if (seen.has(variant))
      throw validationException(
        `Variant names must be unique within an endpoint configuration; "${pv.VariantName}" is used more than once.`,
      );
    seen.add(variant);
    if (!pv.ServerlessConfig && (pv.InstanceType === undefined || pv.InitialInstanceCount === undefined)) {
      throw validationException(
        `Production variant ${pv.VariantName} must specify InstanceType and InitialInstanceCount, or ServerlessConfig.`,
      );
    }
    if (!s.models.has(keyOf(pv.ModelName!)))
      throw sageMakerErrors.notFound("model", arnOf(s.deps.region, "model", pv.ModelName!));
  }
  await s.configs.put(keyOf(name), { name, arn, created: s.deps.clock.now(), spec, tags: Tags ?? [] });
  return { EndpointConfigArn: arn };
}

export function findConfig(
  s: SageMakerState,
  name: string | undefined,
  path = "endpointConfigName",
): EndpointConfigRecord {
  const v = sageMakerValidator();
  validateResourceName(v, path, name);
  v.check();
  const record = s.configs.get(keyOf(name!));
  if (!record) throw sageMakerErrors.notFound("endpoint-config", arnOf(s.deps.region, "endpoint-config", name!));
  return record;
}

/**
 * What DescribeEndpointConfig fills in: a variant's weight defaults to 1.0, capture is enabled by
 * default, and a given MetricsConfig shows the API reference's defaults for the members left out
 * (enhanced metrics off, 60 s, detailed observability on for new configs).
 */
export const variantWeight = (pv: ProductionVariant) => pv.InitialVariantWeight ?? 1;

export function describeEndpointConfig(
  s: SageMakerState,
  input: DescribeEndpointConfigInput,
): DescribeEndpointConfigOutput {
  const r = findConfig(s, input.EndpointConfigName);
  const variants = (list: ProductionVariant[] | undefined) =>
    list?.map((pv) => ({ ...pv, InitialVariantWeight: variantWeight(pv) }));
  const capture = r.spec.DataCaptureConfig;
  return {
    EndpointConfigName: r.name,
    EndpointConfigArn: r.arn,
    ProductionVariants: variants(r.spec.ProductionVariants),
    ShadowProductionVariants: variants(r.spec.ShadowProductionVariants),
    DataCaptureConfig: capture && { ...capture, EnableCapture: capture.EnableCapture ?? true },
    KmsKeyId: r.spec.KmsKeyId,
    CreationTime: new Date(r.created),
    EnableNetworkIsolation: r.spec.EnableNetworkIsolation,
    MetricsConfig: r.spec.MetricsConfig && {
      EnableEnhancedMetrics: false,
      EnableDetailedObservability: true,
      MetricPublishFrequencyInSeconds: 60,
      ...r.spec.MetricsConfig,
    },
  };
}

export function listEndpointConfigs(s: SageMakerState, input: ListEndpointConfigsInput): ListEndpointConfigsOutput {
  const { page, nextToken } = listPage(s.configs.values(), input, { sortBy: ["Name", "CreationTime"] });
  return {
    EndpointConfigs: page.map((r) => ({
      EndpointConfigName: r.name,
      EndpointConfigArn: r.arn,
      CreationTime: new Date(r.created),
    })),
    NextToken: nextToken,
  };
}

/** Deleting a configuration an endpoint uses is accepted, as on AWS. */
export async function deleteEndpointConfig(s: SageMakerState, input: DeleteEndpointConfigInput): Promise<void> {
  await s.configs.delete(keyOf(findConfig(s, input.EndpointConfigName).name));
}
