/**
 * Idempotent create-or-reuse of models and endpoint configs: a rerun reuses
 * what matches, replaces what differs, and never hits a duplicate-name error.
 */
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type DataCaptureConfig,
  type DescribeEndpointConfigCommandOutput,
  type ProductionVariant,
} from "@aws-sdk/client-sagemaker";
import type { Clients } from "../clients";
import { PROJECT_TAG } from "../config";

export type Action = "created" | "reused" | "replaced";

export interface EnsureResult {
  name: string;
  arn: string;
  action: Action;
}

/** SageMaker's "not found" for Describe* is a ValidationException whose message says so. */
export function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return err.name === "ValidationException" && /Could not find/.test(err.message ?? "");
}

async function describeOrUndefined<T>(describe: () => Promise<T>): Promise<T | undefined> {
  try {
    return await describe();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export interface ModelSpec {
  name: string;
  image: string;
  modelDataUrl: string;
  roleArn: string;
}

export async function ensureModel(clients: Clients, spec: ModelSpec): Promise<EnsureResult> {
  const current = await describeOrUndefined(() => clients.sagemaker.send(new DescribeModelCommand({ ModelName: spec.name })));
  const matches =
    current?.PrimaryContainer?.Image === spec.image &&
    current.PrimaryContainer.ModelDataUrl === spec.modelDataUrl &&
    current.ExecutionRoleArn === spec.roleArn;
  if (current && matches) return { name: spec.name, arn: current.ModelArn ?? "", action: "reused" };
  if (current) await clients.sagemaker.send(new DeleteModelCommand({ ModelName: spec.name }));
  const created = await clients.sagemaker.send(
    new CreateModelCommand({
      ModelName: spec.name,
      PrimaryContainer: { Image: spec.image, ModelDataUrl: spec.modelDataUrl },
      ExecutionRoleArn: spec.roleArn,
      Tags: [PROJECT_TAG],
    }),
  );
  return { name: spec.name, arn: created.ModelArn ?? "", action: current ? "replaced" : "created" };
}

export interface EndpointConfigSpec {
  name: string;
  variants: ProductionVariant[];
  shadowVariants?: ProductionVariant[];
  dataCapture?: DataCaptureConfig;
}

/** The fields of a variant that decide what it serves and on how much capacity. */
function variantKey(v: ProductionVariant): string {
  return JSON.stringify([v.VariantName, v.ModelName, v.InstanceType, v.InitialInstanceCount, v.InitialVariantWeight ?? 1]);
}

function captureKey(c: DataCaptureConfig | undefined): string {
  if (!c) return "";
  return JSON.stringify([
    c.EnableCapture ?? true,
    c.InitialSamplingPercentage,
    c.DestinationS3Uri,
    (c.CaptureOptions ?? []).map((o) => o.CaptureMode).sort(),
    c.CaptureContentTypeHeader?.CsvContentTypes ?? [],
    c.CaptureContentTypeHeader?.JsonContentTypes ?? [],
  ]);
}

function configMatches(current: DescribeEndpointConfigCommandOutput, spec: EndpointConfigSpec): boolean {
  const same = (a: ProductionVariant[] | undefined, b: ProductionVariant[] | undefined): boolean =>
    (a ?? []).map(variantKey).join("|") === (b ?? []).map(variantKey).join("|");
  return (
    same(current.ProductionVariants, spec.variants) &&
    same(current.ShadowProductionVariants, spec.shadowVariants) &&
    captureKey(current.DataCaptureConfig) === captureKey(spec.dataCapture)
  );
}

export async function ensureEndpointConfig(clients: Clients, spec: EndpointConfigSpec): Promise<EnsureResult> {
  const current = await describeOrUndefined(() =>
    clients.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: spec.name })),
  );
  if (current && configMatches(current, spec)) {
    return { name: spec.name, arn: current.EndpointConfigArn ?? "", action: "reused" };
  }
  // SageMaker lets an endpoint config in use be deleted: the endpoint keeps what it launched.
  if (current) await clients.sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: spec.name }));
  const created = await clients.sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: spec.name,
      ProductionVariants: spec.variants,
      ShadowProductionVariants: spec.shadowVariants,
      DataCaptureConfig: spec.dataCapture,
      Tags: [PROJECT_TAG],
    }),
  );
  return { name: spec.name, arn: created.EndpointConfigArn ?? "", action: current ? "replaced" : "created" };
}
