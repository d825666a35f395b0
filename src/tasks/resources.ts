/**
 * The plan's models and endpoint configs, per version: v1 (job 005 on
 * linear-learner), v2 (job 009; v2-2 on the XGBoost image, which cannot load
 * it), and shadow (production v1-k with a copy of v2-k as shadow, data
 * capture on).
 */
import type { ProductionVariant } from "@aws-sdk/client-sagemaker";
import { configName, modelName, s3Uri, SLOTS, type NotebookConfig, type Slot, type Version } from "../config";
import { ARTIFACTS } from "../data";
import { ensureEndpointConfig, ensureModel, type EndpointConfigSpec, type EnsureResult, type ModelSpec } from "../deploy/resources";
import { log } from "../log";
import type { Session } from "./session";

export const INSTANCE_TYPE = "ml.m5.xlarge";
export const PRODUCTION_VARIANT = "AllTraffic";
export const SHADOW_VARIANT = "ShadowVariant";

export function modelSpec(config: NotebookConfig, version: Version, slot: Slot): ModelSpec {
  const v1 = version === "v1";
  return {
    name: modelName(version, slot),
    // The failing deployment of the plan: the XGBoost container given a linear-learner artifact.
    image: !v1 && slot === 2 ? config.images.xgboost : config.images.linearLearner,
    modelDataUrl: s3Uri(config, v1 ? ARTIFACTS.v1 : ARTIFACTS.v2),
    roleArn: config.roleArn,
  };
}

const variant = (name: string, model: string, instances: number): ProductionVariant => ({
  VariantName: name,
  ModelName: model,
  InstanceType: INSTANCE_TYPE,
  InitialInstanceCount: instances,
  InitialVariantWeight: 1,
});

export const captureUri = (config: NotebookConfig): string => s3Uri(config, "data-capture");

export function endpointConfigSpec(config: NotebookConfig, version: Version, slot: Slot): EndpointConfigSpec {
  if (version !== "shadow") {
    return { name: configName(version, slot), variants: [variant(PRODUCTION_VARIANT, modelName(version, slot), 3)] };
  }
  return {
    name: configName("shadow", slot),
    variants: [variant(PRODUCTION_VARIANT, modelName("v1", slot), 1)],
    // Weight 1 against production's 1: the shadow gets a copy of every request.
    shadowVariants: [variant(SHADOW_VARIANT, modelName("shadow", slot), 1)],
    dataCapture: {
      EnableCapture: true,
      InitialSamplingPercentage: 100,
      DestinationS3Uri: captureUri(config),
      CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }],
      CaptureContentTypeHeader: { CsvContentTypes: ["text/csv"], JsonContentTypes: ["application/json"] },
    },
  };
}

/** Creates (or reuses) the three models and three configs of a version. */
export async function ensureVersion(session: Session, version: Version): Promise<EnsureResult[]> {
  const results: EnsureResult[] = [];
  for (const slot of SLOTS) {
    const model = await ensureModel(session.clients, modelSpec(session.config, version, slot));
    log(`✅ ${model.action} Model ${slot}: ${model.arn}`);
    results.push(model);
  }
  for (const slot of SLOTS) {
    const cfg = await ensureEndpointConfig(session.clients, endpointConfigSpec(session.config, version, slot));
    log(`✅ ${cfg.action} Endpoint config ${slot}: ${cfg.arn}`);
    results.push(cfg);
  }
  return results;
}
