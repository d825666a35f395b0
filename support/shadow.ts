/**
 * What the shadow suites share: artifacts in the emulator's S3, models and endpoints created
 * through the SDK, traffic with InferenceIds, and the capture files read back the way the
 * notebook reads them (ListObjectsV2 + GetObject, BASE64 decoded when the record says so).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  type DataCaptureConfig,
  type DescribeEndpointOutput,
  type ProductionVariant,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { FLUSH_INTERVAL_MS } from "../src/emulator/capture/writer";
import type { ManualClock } from "../src/emulator/clock";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  ROWS,
  TEST_PROVISIONING_DELAY_MS,
  XGBOOST_IMAGE,
  eventually,
  type SdkClients,
} from "./emulator";

export const CAPTURE_BUCKET = "sagemaker-guardrails-local";
export const CAPTURE_PREFIX = "sagemaker/RealTime-Weather-Deployment-Guardrails-Canary/data-capture";
export const CAPTURE_URI = `s3://${CAPTURE_BUCKET}/${CAPTURE_PREFIX}`;

/** Buckets for artifacts and captures, with the two shipped linear-learner artifacts. */
export async function prepareBuckets(t: SdkClients): Promise<void> {
  const s3 = t.s3();
  for (const Bucket of ["models", CAPTURE_BUCKET]) await s3.send(new CreateBucketCommand({ Bucket }));
  for (const name of ["005-model.tar.gz", "009-model.tar.gz"]) {
    await s3.send(new PutObjectCommand({ Bucket: "models", Key: name, Body: readFileSync(join(DATA, name)) }));
  }
}

export async function createModel(
  t: SdkClients,
  ModelName: string,
  algorithm: "linear-learner" | "xgboost",
  artifact: string,
): Promise<void> {
  const Image = algorithm === "linear-learner" ? LINEAR_LEARNER_IMAGE : XGBOOST_IMAGE;
  await t.sagemaker().send(
    new CreateModelCommand({
      ModelName,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image, ModelDataUrl: `s3://models/${artifact}` },
    }),
  );
}

export const variant = (VariantName: string, ModelName: string, InitialVariantWeight = 1) => ({
  VariantName,
  ModelName,
  InstanceType: "ml.m5.xlarge" as const,
  InitialInstanceCount: 1,
  InitialVariantWeight,
});

/**
 * Waits until the endpoint leaves Creating/Updating; throws unless it is InService (the bench uses
 * it too). On a manual clock each poll walks it a provisioning step.
 */
export async function settled(
  t: SdkClients & { manualClock?: ManualClock },
  EndpointName: string,
): Promise<DescribeEndpointOutput> {
  const d = await eventually(async () => {
    t.manualClock?.advance(TEST_PROVISIONING_DELAY_MS);
    const out = await t.sagemaker().send(new DescribeEndpointCommand({ EndpointName }));
    return out.EndpointStatus === "Creating" || out.EndpointStatus === "Updating" ? undefined : out;
  }, 30_000);
  if (d.EndpointStatus !== "InService" || d.FailureReason)
    throw new Error(`endpoint ${EndpointName} is ${d.EndpointStatus}: ${d.FailureReason}`);
  return d;
}

export async function createEndpoint(
  t: SdkClients & { manualClock?: ManualClock },
  EndpointName: string,
  EndpointConfigName: string,
): Promise<DescribeEndpointOutput> {
  await t.sagemaker().send(new CreateEndpointCommand({ EndpointName, EndpointConfigName }));
  return settled(t, EndpointName);
}

/**
 * A config named after the endpoint, with one production variant `AllTraffic` of `productionModel`,
 * the given shadow variant and data capture if any, and the endpoint on it, InService.
 */
export async function createShadowEndpoint(
  t: SdkClients & { manualClock?: ManualClock },
  EndpointName: string,
  productionModel: string,
  shadow?: ProductionVariant,
  DataCaptureConfig?: DataCaptureConfig,
): Promise<DescribeEndpointOutput> {
  await t.sagemaker().send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: EndpointName,
      ProductionVariants: [variant("AllTraffic", productionModel)],
      ShadowProductionVariants: shadow && [shadow],
      DataCaptureConfig,
    }),
  );
  return createEndpoint(t, EndpointName, EndpointName);
}

export interface Sent {
  inferenceId: string;
  row: string;
  /** "ok", or the name of the error the request got. */
  status: string;
  body?: string;
}

/** Sends `count` single-row CSV requests, `concurrency` at a time, InferenceId `${idPrefix}-${i}`. */
export async function sendTraffic(
  t: SdkClients,
  EndpointName: string,
  count: number,
  idPrefix: string,
  concurrency = 16,
): Promise<Sent[]> {
  const rt = t.runtime();
  const sent: Sent[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const row = ROWS[i % ROWS.length]!;
        const inferenceId = `${idPrefix}-${i}`;
        try {
          const out = await rt.send(
            new InvokeEndpointCommand({
              EndpointName,
              Body: Buffer.from(row),
              ContentType: "text/csv",
              Accept: "application/json",
              InferenceId: inferenceId,
            }),
          );
          sent.push({ inferenceId, row, status: "ok", body: Buffer.from(out.Body).toString("utf8") });
        } catch (e) {
          sent.push({ inferenceId, row, status: (e as Error).name });
        }
      }
    }),
  );
  return sent;
}

interface Payload {
  observedContentType: string;
  mode: string;
  data: string;
  encoding: "CSV" | "JSON" | "BASE64";
}

export interface CaptureRecord {
  key: string;
  variant: string;
  captureData: { endpointInput?: Payload; endpointOutput?: Payload };
  eventMetadata: { eventId: string; inferenceId?: string; inferenceTime: string; containerStatusCode?: number };
  eventVersion: string;
}

export const decode = (p: Payload | undefined) =>
  p === undefined ? undefined : p.encoding === "BASE64" ? Buffer.from(p.data, "base64").toString("utf8") : p.data;

/** Every record under `{CAPTURE_PREFIX}/{endpoint}/`; the variant comes from the key. */
export async function readCaptures(t: SdkClients, endpoint: string): Promise<CaptureRecord[]> {
  const s3 = t.s3();
  const records: CaptureRecord[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: CAPTURE_BUCKET, Prefix: `${CAPTURE_PREFIX}/${endpoint}/`, ContinuationToken }),
    );
    for (const { Key } of page.Contents ?? []) {
      if (Key === undefined) throw new Error("ListObjectsV2 listed an object without a Key");
      const text = await (
        await s3.send(new GetObjectCommand({ Bucket: CAPTURE_BUCKET, Key }))
      ).Body!.transformToString();
      const variant = Key.slice(`${CAPTURE_PREFIX}/${endpoint}/`.length).split("/")[0]!;
      for (const line of text.trim().split("\n"))
        records.push({ key: Key, variant, ...(JSON.parse(line) as Omit<CaptureRecord, "key" | "variant">) });
    }
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return records;
}

/**
 * Polls until `count` records of the endpoint are in S3, moving the emulator's manual clock one
 * capture flush interval before each poll: records are delivered on the emulator's clock.
 */
export const capturesOf = (t: SdkClients, clock: ManualClock, endpoint: string, count: number) =>
  eventually(async () => {
    clock.advance(FLUSH_INTERVAL_MS);
    const records = await readCaptures(t, endpoint);
    return records.length >= count ? records : undefined;
  }, 20_000);
