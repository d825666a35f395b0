/**
 * From an endpoint configuration to what the fleet layer starts: the models each variant runs
 * (copied when the endpoint takes the configuration, so deleting them later changes nothing), the
 * fleet spec, and the instance counts deployment plans are sized by.
 */
import type { ProductionVariant } from "@aws-sdk/client-sagemaker";
import type { FleetSpec, VariantSpec } from "../../fleet/fleet";
import type { PerVariant } from "../../fleet/plan";
import { arnOf } from "./arns";
import { invocationMetricsInterval, variantWeight } from "./endpoint-configs";
import { sageMakerErrors } from "./errors";
import { containersOf } from "./models";
import type { EndpointConfigRecord, ModelRecord } from "./records";
import { keyOf, type SageMakerState } from "./state";
import { byName } from "../../names";

export const allVariants = (config: EndpointConfigRecord): ProductionVariant[] => [
  ...(config.spec.ProductionVariants ?? []),
  ...(config.spec.ShadowProductionVariants ?? []),
];

/** The model of every variant (production and shadow), by variant name; Could not find model otherwise. */
export function modelsOf(s: SageMakerState, config: EndpointConfigRecord): Record<string, ModelRecord> {
  const models = byName<ModelRecord>();
  for (const pv of allVariants(config)) {
    const model = s.models.get(keyOf(pv.ModelName!));
    if (!model) throw sageMakerErrors.notFound("model", arnOf(s.deps.region, "model", pv.ModelName!));
    models[pv.VariantName!] = model;
  }
  return models;
}

export function fleetSpecOf(config: EndpointConfigRecord, models: Record<string, ModelRecord>): FleetSpec {
  const variant = (pv: ProductionVariant): VariantSpec => ({
    variantName: pv.VariantName!,
    instanceCount: pv.InitialInstanceCount ?? 0,
    weight: variantWeight(pv),
    serverless: pv.ServerlessConfig !== undefined,
    startupTimeoutS: pv.ContainerStartupHealthCheckTimeoutInSeconds,
    containers: containersOf(models[pv.VariantName!]!.spec).map((c) => ({
      image: c.Image,
      modelDataUrl: c.ModelDataUrl,
      environment: c.Environment,
    })),
  });
  return {
    endpointConfigName: config.name,
    variants: (config.spec.ProductionVariants ?? []).map(variant),
    shadowVariants: (config.spec.ShadowProductionVariants ?? []).map(variant),
    dataCapture: config.spec.DataCaptureConfig,
    metricsIntervalS: invocationMetricsInterval(config.spec.MetricsConfig),
  };
}

/** Instances of each production variant. */
export const instanceCounts = (config: EndpointConfigRecord): PerVariant =>
  byName((config.spec.ProductionVariants ?? []).map((pv) => [pv.VariantName!, pv.InitialInstanceCount ?? 0]));

/** Instances of every variant, shadow included: what an endpoint launches when it is created. */
export const totalInstances = (config: EndpointConfigRecord): number =>
  allVariants(config).reduce((n, pv) => n + (pv.InitialInstanceCount ?? 0), 0);

/** Every ModelDataUrl an endpoint runs or deploys (the model data fleets keep a copy of). */
export function* modelDataUrls(s: SageMakerState): Iterable<string> {
  for (const e of s.endpoints.values()) {
    for (const models of e.deployment ? [e.models, e.deployment.models] : [e.models]) {
      for (const model of Object.values(models))
        for (const c of containersOf(model.spec)) if (c.ModelDataUrl) yield c.ModelDataUrl;
    }
  }
}
