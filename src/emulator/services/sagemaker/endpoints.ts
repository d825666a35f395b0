/**
 * CreateEndpoint / DescribeEndpoint / ListEndpoints / DeleteEndpoint and the endpoint lifecycle:
 *   CreateEndpoint → Creating → (after the provisioning delay, fleet launch) → InService | Failed
 *   DeleteEndpoint → Deleting → (after the delay) gone
 * Timers run on the injected clock; every transition is persisted, and `resumeEndpoints`
 * picks the lifecycle up again after a restart.
 */
import { createHash } from "node:crypto";
import type {
  CreateEndpointInput,
  CreateEndpointOutput,
  DeleteEndpointInput,
  DescribeEndpointInput,
  DescribeEndpointOutput,
  EndpointStatus,
  ListEndpointsInput,
  ListEndpointsOutput,
  ProductionVariant,
  ProductionVariantSummary,
} from "@aws-sdk/client-sagemaker";
import { FleetStartError, type FleetSpec, type VariantSpec } from "../../fleet/fleet";
import { arnOf } from "./arns";
import { findConfig, variantWeight } from "./endpointConfigs";
import { sageMakerErrors } from "./errors";
import { listPage } from "./listing";
import { containersOf } from "./models";
import { validateResourceName } from "./names";
import type { EndpointRecord, ModelRecord } from "./records";
import { keyOf, schedule, type SageMakerState } from "./state";
import { validateTags } from "./tags";
import { Validator } from "./validation";

const STATUSES: readonly EndpointStatus[] = ["OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack", "InService", "Deleting", "Failed", "UpdateRollbackFailed"];
const IN_PROGRESS: ReadonlySet<EndpointStatus> = new Set<EndpointStatus>(["Creating", "Updating", "SystemUpdating", "RollingBack"]);

export async function createEndpoint(s: SageMakerState, input: CreateEndpointInput): Promise<CreateEndpointOutput> {
  const v = new Validator();
  validateResourceName(v, "endpointName", input.EndpointName);
  validateResourceName(v, "endpointConfigName", input.EndpointConfigName);
  validateTags(v, "tags", input.Tags);
  v.check();
  const name = input.EndpointName!;
  const arn = arnOf(s.deps.region, "endpoint", name);
  if (s.endpoints.has(keyOf(name))) throw sageMakerErrors.alreadyExists("endpoint", arn);
  const config = findConfig(s, input.EndpointConfigName);
  const models: Record<string, ModelRecord> = {};
  for (const pv of allVariants(config.spec)) {
    const model = s.models.get(keyOf(pv.ModelName!));
    if (!model) throw sageMakerErrors.notFound("model", arnOf(s.deps.region, "model", pv.ModelName!));
    models[pv.VariantName!] = model;
  }
  const now = s.deps.clock.now();
  const record: EndpointRecord = { name, arn, status: "Creating", created: now, lastModified: now, tags: input.Tags ?? [], config, models };
  await s.endpoints.put(keyOf(name), record);
  schedule(s, s.deps.provisioningDelayMs, () => provision(s, name));
  return { EndpointArn: arn };
}

const allVariants = (spec: EndpointRecord["config"]["spec"]): ProductionVariant[] => [...(spec.ProductionVariants ?? []), ...(spec.ShadowProductionVariants ?? [])];

function fleetSpec(r: EndpointRecord): FleetSpec {
  const variant = (pv: ProductionVariant): VariantSpec => ({
    variantName: pv.VariantName!,
    instanceCount: pv.InitialInstanceCount ?? 0,
    weight: variantWeight(pv),
    serverless: pv.ServerlessConfig !== undefined,
    containers: containersOf(r.models[pv.VariantName!]!.spec).map((c) => ({ image: c.Image, modelDataUrl: c.ModelDataUrl })),
  });
  return {
    endpointName: r.name,
    endpointConfigName: r.config.name,
    variants: (r.config.spec.ProductionVariants ?? []).map(variant),
    shadowVariants: (r.config.spec.ShadowProductionVariants ?? []).map(variant),
  };
}

/** Creating → InService or Failed. */
async function provision(s: SageMakerState, name: string): Promise<void> {
  const record = s.endpoints.get(keyOf(name));
  if (!record || record.status !== "Creating") return;
  try {
    await s.deps.fleets.launch(fleetSpec(record));
    Object.assign(record, { status: "InService", deployedAt: s.deps.clock.now() });
  } catch (e) {
    Object.assign(record, { status: "Failed", failureReason: e instanceof FleetStartError ? e.message : `Fleet failed to start: ${String(e)}` });
  }
  record.lastModified = s.deps.clock.now();
  await s.endpoints.put(keyOf(name), record);
}

/** After a restart: relaunch serving fleets, and let interrupted transitions finish. */
export async function resumeEndpoints(s: SageMakerState): Promise<void> {
  for (const record of [...s.endpoints.values()]) {
    if (record.status === "Creating") schedule(s, s.deps.provisioningDelayMs, () => provision(s, record.name));
    if (record.status === "Deleting") schedule(s, s.deps.provisioningDelayMs, () => s.endpoints.delete(keyOf(record.name)));
    if (record.status !== "InService") continue;
    try {
      await s.deps.fleets.launch(fleetSpec(record));
    } catch (e) {
      // The model data vanished from S3 while the emulator was down: the endpoint can no longer serve.
      Object.assign(record, { status: "Failed", failureReason: e instanceof Error ? e.message : String(e), lastModified: s.deps.clock.now() });
      await s.endpoints.put(keyOf(record.name), record);
    }
  }
}

export function findEndpoint(s: SageMakerState, name: string | undefined): EndpointRecord {
  const v = new Validator();
  validateResourceName(v, "endpointName", name);
  v.check();
  const record = s.endpoints.get(keyOf(name!));
  if (!record) throw sageMakerErrors.notFound("endpoint", arnOf(s.deps.region, "endpoint", name!));
  return record;
}

/** ECR answers a tag with the image's digest; a stable stand-in digest keeps ResolvedImage AWS-shaped. */
function resolvedImage(image: string): string {
  const repository = image.replace(/[:@].*$/, "");
  return `${repository}@sha256:${createHash("sha256").update(image).digest("hex")}`;
}

function variantSummary(r: EndpointRecord, pv: ProductionVariant): ProductionVariantSummary {
  const count = pv.InitialInstanceCount ?? 0;
  return {
    VariantName: pv.VariantName,
    DeployedImages: containersOf(r.models[pv.VariantName!]!.spec).map((c) => ({
      SpecifiedImage: c.Image,
      ResolvedImage: c.Image && resolvedImage(c.Image),
      ResolutionTime: new Date(r.deployedAt!),
    })),
    CurrentWeight: variantWeight(pv),
    DesiredWeight: variantWeight(pv),
    CurrentInstanceCount: count,
    DesiredInstanceCount: count,
  };
}

/**
 * DescribeEndpoint. Variants are listed once a fleet has been deployed: none while Creating
 * (inferred from AWS outputs during creation) nor after a failed creation.
 */
export function describeEndpoint(s: SageMakerState, input: DescribeEndpointInput): DescribeEndpointOutput {
  const r = findEndpoint(s, input.EndpointName);
  const deployed = r.deployedAt !== undefined;
  const capture = r.config.spec.DataCaptureConfig;
  const shadows = r.config.spec.ShadowProductionVariants;
  return {
    EndpointName: r.name,
    EndpointArn: r.arn,
    EndpointConfigName: r.config.name,
    ProductionVariants: deployed ? r.config.spec.ProductionVariants?.map((pv) => variantSummary(r, pv)) : undefined,
    ShadowProductionVariants: deployed && shadows ? shadows.map((pv) => variantSummary(r, pv)) : undefined,
    DataCaptureConfig: capture && {
      EnableCapture: capture.EnableCapture ?? true,
      CaptureStatus: (capture.EnableCapture ?? true) ? "Started" : "Stopped",
      CurrentSamplingPercentage: capture.InitialSamplingPercentage,
      DestinationS3Uri: capture.DestinationS3Uri,
      KmsKeyId: capture.KmsKeyId,
    },
    EndpointStatus: r.status,
    FailureReason: r.failureReason,
    CreationTime: new Date(r.created),
    LastModifiedTime: new Date(r.lastModified),
  };
}

export function listEndpoints(s: SageMakerState, input: ListEndpointsInput): ListEndpointsOutput {
  const items = [...s.endpoints.values()].map((r) => ({ ...r, status: r.status as string }));
  const { page, nextToken } = listPage(items, input, { sortBy: ["Name", "CreationTime", "Status"], statuses: STATUSES });
  return {
    Endpoints: page.map((r) => ({
      EndpointName: r.name,
      EndpointArn: r.arn,
      CreationTime: new Date(r.created),
      LastModifiedTime: new Date(r.lastModified),
      EndpointStatus: r.status as EndpointStatus,
    })),
    NextToken: nextToken,
  };
}

/** InService/Failed/OutOfService → Deleting → gone; an endpoint in transition cannot be deleted. */
export async function deleteEndpoint(s: SageMakerState, input: DeleteEndpointInput): Promise<void> {
  const record = findEndpoint(s, input.EndpointName);
  if (IN_PROGRESS.has(record.status) || record.status === "Deleting") throw sageMakerErrors.inProgress(record.arn);
  s.deps.fleets.retire(record.name);
  Object.assign(record, { status: "Deleting", lastModified: s.deps.clock.now() });
  await s.endpoints.put(keyOf(record.name), record);
  schedule(s, s.deps.provisioningDelayMs, () => s.endpoints.delete(keyOf(record.name)));
}
