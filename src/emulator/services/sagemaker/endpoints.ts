/**
 * CreateEndpoint / DescribeEndpoint / ListEndpoints / DeleteEndpoint and their part of the
 * endpoint lifecycle (lifecycle.ts):
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
  ListEndpointsInput,
  ListEndpointsOutput,
  ProductionVariant,
  ProductionVariantSummary,
} from "@aws-sdk/client-sagemaker";
import { FleetStartError } from "../../fleet/fleet";
import type { Side } from "../../fleet/plan";
import { errorText } from "../../log";
import { arnOf } from "./arns";
import { checkDeploymentConfig, validateDeploymentConfig } from "./deployment-config";
import { liveShadowVariant, liveVariant } from "./deployment-view";
import { findConfig, variantWeight } from "./endpoint-configs";
import { sageMakerErrors, sageMakerValidator } from "./errors";
import { fleetSpecOf, modelsOf, totalInstances } from "./fleet-specs";
import { checkNotInProgress, ENDPOINT_STATUSES, moveTo } from "./lifecycle";
import { listPage } from "./listing";
import { checkEndpointQuotas } from "./quotas";
import { containersOf } from "./models";
import { validateResourceName } from "./names";
import type { EndpointRecord, ModelRecord, PendingDeployment, VariantChange } from "./records";
import { keyOf, schedule, type SageMakerState } from "./state";
import { validateTags } from "./tags";

export async function createEndpoint(s: SageMakerState, input: CreateEndpointInput): Promise<CreateEndpointOutput> {
  const v = sageMakerValidator();
  validateResourceName(v, "endpointName", input.EndpointName);
  validateResourceName(v, "endpointConfigName", input.EndpointConfigName);
  validateDeploymentConfig(v, "deploymentConfig", input.DeploymentConfig);
  validateTags(v, "tags", input.Tags);
  v.check();
  const name = input.EndpointName!;
  const arn = arnOf(s.deps.region, "endpoint", name);
  if (s.endpoints.has(keyOf(name))) throw sageMakerErrors.alreadyExists("endpoint", arn);
  const config = findConfig(s, input.EndpointConfigName);
  const models = modelsOf(s, config);
  // A DeploymentConfig given at creation is kept for later updates (RetainDeploymentConfig).
  checkDeploymentConfig(input.DeploymentConfig, config);
  checkEndpointQuotas(s.deps.quotas, s.endpoints.values(), config);
  const now = s.deps.clock.now();
  const record: EndpointRecord = {
    name,
    arn,
    status: "Creating",
    created: now,
    lastModified: now,
    tags: input.Tags ?? [],
    config,
    models,
    lastDeploymentConfig: input.DeploymentConfig,
  };
  await s.endpoints.put(keyOf(name), record);
  schedule(s, name, () => provision(s, name), totalInstances(config));
  return { EndpointArn: arn };
}

/** Creating → InService or Failed. */
async function provision(s: SageMakerState, name: string): Promise<void> {
  const record = s.endpoints.get(keyOf(name));
  if (!record || record.status !== "Creating") return;
  let failureReason: string | undefined;
  try {
    s.deps.fleets.serve(record.name, {
      blue: await s.deps.fleets.start(fleetSpecOf(record.config, record.models)),
      greenShare: {},
    });
  } catch (e) {
    failureReason = e instanceof FleetStartError ? e.message : `Fleet failed to start: ${String(e)}`;
  }
  const now = s.deps.clock.now();
  if (failureReason === undefined) moveTo(record, "InService", now, { deployedAt: now });
  else moveTo(record, "Failed", now, { failureReason });
  await s.endpoints.put(keyOf(name), record);
}

/**
 * After a restart: relaunch serving fleets, and let interrupted transitions finish (deployments:
 * deployments.ts). A serving fleet comes back at once and loads its models after the emulator
 * listens (its instances answer ModelNotReadyException meanwhile).
 */
export function resumeEndpoints(s: SageMakerState): void {
  for (const record of [...s.endpoints.values()]) {
    if (record.status === "Creating")
      schedule(s, record.name, () => provision(s, record.name), totalInstances(record.config));
    if (record.status === "Deleting") schedule(s, record.name, () => remove(s, record.name));
    // An endpoint whose weights and capacities are changing serves meanwhile (weights-and-capacities.ts).
    if (record.status !== "InService" && !record.variantChange) continue;
    const blue = s.deps.fleets.resume(fleetSpecOf(record.config, record.models), (reason) => {
      // Neither S3 nor the copy it had loaded holds the model data: the endpoint can no longer serve.
      const current = s.endpoints.get(keyOf(record.name)) === record && s.deps.fleets.get(record.name)?.blue === blue;
      if (!current || record.status === "Deleting") return;
      s.deps.fleets.retire(record.name);
      moveTo(record, "Failed", s.deps.clock.now(), { failureReason: reason });
      s.endpoints
        .put(keyOf(record.name), record)
        .catch((e: unknown) =>
          s.deps.logger.info("endpoint failure not persisted", { endpoint: record.name, error: errorText(e) }),
        );
    });
    s.deps.fleets.serve(record.name, { blue, greenShare: {} });
  }
}

export function findEndpoint(s: SageMakerState, name: string | undefined): EndpointRecord {
  const v = sageMakerValidator();
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

/**
 * A variant of a deployed fleet; during a deployment, its live counts, weight and status
 * (deployment-view.ts) on the fleet's side.
 */
function variantSummary(
  models: Record<string, ModelRecord>,
  deployedAt: number | undefined,
  pv: ProductionVariant,
  live?: { deployment: PendingDeployment; side: Side },
  desired: VariantChange = {},
): ProductionVariantSummary {
  const count = pv.InitialInstanceCount ?? 0;
  return {
    VariantName: pv.VariantName,
    DeployedImages:
      deployedAt === undefined
        ? undefined
        : containersOf(models[pv.VariantName!]!.spec).map((c) => ({
            SpecifiedImage: c.Image,
            ResolvedImage: c.Image && resolvedImage(c.Image),
            ResolutionTime: new Date(deployedAt),
          })),
    CurrentWeight: variantWeight(pv),
    DesiredWeight: desired.weight ?? variantWeight(pv),
    CurrentInstanceCount: count,
    DesiredInstanceCount: desired.instances ?? count,
    ...(live && liveVariant(live.deployment.rollout, live.side, pv.VariantName!, variantWeight(pv))),
  };
}

/**
 * DescribeEndpoint. Variants are listed once a fleet has been deployed: none while Creating
 * (inferred from AWS outputs during creation) nor after a failed creation. During an update,
 * EndpointConfigName is still the configuration serving and PendingDeploymentSummary names the
 * one being deployed.
 */
export function describeEndpoint(s: SageMakerState, input: DescribeEndpointInput): DescribeEndpointOutput {
  const r = findEndpoint(s, input.EndpointName);
  const deployed = r.deployedAt !== undefined;
  const capture = r.config.spec.DataCaptureConfig;
  const shadows = r.config.spec.ShadowProductionVariants;
  const d = r.deployment;
  return {
    EndpointName: r.name,
    EndpointArn: r.arn,
    EndpointConfigName: r.config.name,
    ProductionVariants: deployed
      ? r.config.spec.ProductionVariants?.map((pv) =>
          variantSummary(
            r.models,
            r.deployedAt,
            pv,
            d && { deployment: d, side: "blue" },
            r.variantChange?.[pv.VariantName!],
          ),
        )
      : undefined,
    ShadowProductionVariants:
      deployed && shadows
        ? shadows.map((pv) => variantSummary(r.models, r.deployedAt, pv, undefined, r.variantChange?.[pv.VariantName!]))
        : undefined,
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
    LastDeploymentConfig: r.lastDeploymentConfig,
    PendingDeploymentSummary: d && {
      EndpointConfigName: d.config.name,
      StartTime: new Date(d.rollout.startedAt),
      ProductionVariants: d.config.spec.ProductionVariants?.map((pv) => ({
        ...variantSummary(d.models, d.rollout.greenReadyAt, pv, { deployment: d, side: "green" }),
        InstanceType: pv.InstanceType,
      })),
      ShadowProductionVariants: d.config.spec.ShadowProductionVariants?.map((pv) => ({
        ...variantSummary(d.models, d.rollout.greenReadyAt, pv),
        ...liveShadowVariant(d.rollout, pv.InitialInstanceCount ?? 0),
        InstanceType: pv.InstanceType,
      })),
    },
  };
}

export function listEndpoints(s: SageMakerState, input: ListEndpointsInput): ListEndpointsOutput {
  const items = [...s.endpoints.values()];
  const { page, nextToken } = listPage(items, input, {
    sortBy: ["Name", "CreationTime", "Status"],
    statuses: ENDPOINT_STATUSES,
  });
  return {
    Endpoints: page.map((r) => ({
      EndpointName: r.name,
      EndpointArn: r.arn,
      CreationTime: new Date(r.created),
      LastModifiedTime: new Date(r.lastModified),
      EndpointStatus: r.status,
    })),
    NextToken: nextToken,
  };
}

/** InService/Failed/OutOfService → Deleting → gone; an endpoint in transition cannot be deleted. */
export async function deleteEndpoint(s: SageMakerState, input: DeleteEndpointInput): Promise<void> {
  const record = findEndpoint(s, input.EndpointName);
  checkNotInProgress(record);
  s.deps.fleets.retire(record.name);
  moveTo(record, "Deleting", s.deps.clock.now());
  await s.endpoints.put(keyOf(record.name), record);
  schedule(s, record.name, () => remove(s, record.name));
}

/** Deleting → gone. */
function remove(s: SageMakerState, name: string): Promise<void> {
  return s.endpoints.delete(keyOf(name));
}
