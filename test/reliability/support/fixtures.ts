/**
 * What the reliability suite deploys: the 005 linear-learner artifact from data/ on the built-in
 * linear-learner image, behind an endpoint, through the real SDK clients.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { DATA, LINEAR_LEARNER_IMAGE, ROLE } from "../../../support/emulator";

export { LINEAR_LEARNER_IMAGE, ROLE, ROOT, ROW, ROWS } from "../../../support/emulator";
export const ARTIFACT = readFileSync(join(DATA, "005-model.tar.gz"));

export const MODEL_BUCKET = "reliability-models";
export const MODEL_KEY = "005-model.tar.gz";
export const MODEL_DATA_URL = `s3://${MODEL_BUCKET}/${MODEL_KEY}`;

export async function uploadArtifact(s3: S3Client): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: MODEL_BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: MODEL_BUCKET, Key: MODEL_KEY, Body: ARTIFACT }));
}

export interface Deployment {
  model: string;
  config: string;
  endpoint: string;
  instances?: number;
  image?: string;
}

/**
 * Model + config + endpoint (variant AllTraffic, `instances` ml.m5.large instances, the 005
 * artifact); resolves with the status the endpoint settles in (InService unless the image is not
 * one the emulator runs). A string names all three the same.
 */
export async function deployLinearLearner(
  sm: SageMakerClient,
  names: string | Deployment,
  instances = 1,
): Promise<string> {
  const d: Deployment = typeof names === "string" ? { model: names, config: names, endpoint: names, instances } : names;
  await sm.send(
    new CreateModelCommand({
      ModelName: d.model,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: d.image ?? LINEAR_LEARNER_IMAGE, ModelDataUrl: MODEL_DATA_URL },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: d.config,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: d.model,
          InitialInstanceCount: d.instances ?? 1,
          InstanceType: "ml.m5.large",
        },
      ],
      MetricsConfig: ENHANCED_METRICS,
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: d.endpoint, EndpointConfigName: d.config }));
  return waitForEndpoint(sm, d.endpoint);
}

/** Polls DescribeEndpoint until the endpoint leaves Creating/Updating (bounded: 600 polls). */
export async function waitForEndpoint(sm: SageMakerClient, name: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    if (!["Creating", "Updating", "RollingBack", "SystemUpdating"].includes(d.EndpointStatus ?? ""))
      return d.EndpointStatus ?? "";
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`endpoint ${name} never settled`);
}

/** Invocation metrics every 10 s, so 10-second alarms and the suites' counts see them soon. */
export const ENHANCED_METRICS = { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 };

/**
 * SageMaker publishes invocation metrics per interval (10 s with ENHANCED_METRICS), after a
 * publication delay: reads `read` until it returns `expected` (at most 30 s) and returns the
 * last reading, for the caller to compare.
 */
export async function whenPublished<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const same = (a: T): boolean => JSON.stringify(a) === JSON.stringify(expected);
  let last = await read();
  for (let waited = 0; !same(last) && waited < 30_000; waited += 500) {
    await new Promise((r) => setTimeout(r, 500));
    last = await read();
  }
  return last;
}
