/**
 * Shadow testing by predictions, not only by metrics: data-capture records of
 * the production and the shadow variant, joined on InferenceId, compared with
 * the true labels (accuracy, agreement, confusion matrices), and published as
 * custom CloudWatch metrics.
 */
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { Clients } from "./clients";

export interface CaptureRecord {
  variant: string;
  inferenceId?: string;
  eventId: string;
  inferenceTime: string;
  input?: string;
  output?: string;
  /** The captured output's predicted class, when it is a linear-learner prediction. */
  predictedLabel?: number;
}

interface CaptureData {
  observedContentType?: string;
  mode?: string;
  data?: string;
  encoding?: string;
}

interface CaptureLine {
  captureData?: { endpointInput?: CaptureData; endpointOutput?: CaptureData };
  eventMetadata?: { eventId?: string; inferenceId?: string; inferenceTime?: string };
}

function decode(d: CaptureData | undefined): string | undefined {
  if (d?.data === undefined) return undefined;
  return d.encoding === "BASE64" ? Buffer.from(d.data, "base64").toString("utf8") : d.data;
}

function predictedLabel(output: string | undefined): number | undefined {
  if (!output) return undefined;
  try {
    const label = (JSON.parse(output) as { predictions?: Array<{ predicted_label?: number }> }).predictions?.[0]
      ?.predicted_label;
    return typeof label === "number" ? label : undefined;
  } catch {
    // An error body (e.g. "Unable to load model: …") is not a prediction.
    return undefined;
  }
}

/** Parses one capture file: JSON Lines, the variant taken from the key layout `…/{endpoint}/{variant}/yyyy/mm/dd/HH/…`. */
export function parseCaptureFile(key: string, text: string, endpoint: string): CaptureRecord[] {
  const parts = key.split("/");
  const variant = parts[parts.indexOf(endpoint) + 1] ?? "unknown";
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const line = JSON.parse(l) as CaptureLine;
      const output = decode(line.captureData?.endpointOutput);
      return {
        variant,
        inferenceId: line.eventMetadata?.inferenceId,
        eventId: line.eventMetadata?.eventId ?? "",
        inferenceTime: line.eventMetadata?.inferenceTime ?? "",
        input: decode(line.captureData?.endpointInput),
        output,
        predictedLabel: predictedLabel(output),
      };
    });
}

/** Every capture record under `s3://{bucket}/{prefix}/{endpoint}/`. */
export async function readCaptures(
  clients: Clients,
  bucket: string,
  prefix: string,
  endpoint: string,
): Promise<CaptureRecord[]> {
  const records: CaptureRecord[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/${endpoint}/`, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const out = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      records.push(...parseCaptureFile(object.Key ?? "", (await out.Body?.transformToString("utf8")) ?? "", endpoint));
    }
    token = page.NextContinuationToken;
  } while (token);
  return records;
}

export interface VariantQuality {
  variant: string;
  /** Capture records with a label to compare against. */
  requests: number;
  /** Records whose output is a prediction (the rest are errors). */
  predictions: number;
  accuracy: number;
  /** confusion[true][predicted]. */
  confusion: number[][];
}

export interface ShadowComparison {
  production: VariantQuality;
  shadow: VariantQuality;
  /** Requests captured on both variants. */
  joined: number;
  /** Share of joined requests where both predicted the same class (errors never agree). */
  agreement: number;
}

function quality(
  variant: string,
  records: readonly CaptureRecord[],
  labelOf: (id: string) => number | undefined,
  classes: number,
): VariantQuality {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let requests = 0;
  let predictions = 0;
  let correct = 0;
  for (const r of records) {
    const truth = r.inferenceId === undefined ? undefined : labelOf(r.inferenceId);
    if (truth === undefined) continue;
    requests++;
    if (r.predictedLabel === undefined) continue;
    predictions++;
    const row = confusion[truth];
    if (row && r.predictedLabel < classes) row[r.predictedLabel] = (row[r.predictedLabel] ?? 0) + 1;
    if (r.predictedLabel === truth) correct++;
  }
  return { variant, requests, predictions, accuracy: requests === 0 ? 0 : correct / requests, confusion };
}

/**
 * Compares production and shadow on the requests both received. Accuracy
 * counts an error as a wrong answer: a shadow that fails is a shadow that
 * would have failed users.
 */
export function compareVariants(
  records: readonly CaptureRecord[],
  productionVariant: string,
  shadowVariant: string,
  labelOf: (inferenceId: string) => number | undefined,
  classes: number,
): ShadowComparison {
  const byId = (variant: string): Map<string, CaptureRecord> =>
    new Map(
      records
        .filter((r) => r.variant === variant && r.inferenceId !== undefined)
        .map((r) => [r.inferenceId as string, r]),
    );
  const prod = byId(productionVariant);
  const shadow = byId(shadowVariant);
  const both = [...prod.keys()].filter((id) => shadow.has(id));
  const agree = both.filter((id) => {
    const a = prod.get(id)?.predictedLabel;
    return a !== undefined && a === shadow.get(id)?.predictedLabel;
  }).length;
  return {
    production: quality(
      productionVariant,
      both.map((id) => prod.get(id) as CaptureRecord),
      labelOf,
      classes,
    ),
    shadow: quality(
      shadowVariant,
      both.map((id) => shadow.get(id) as CaptureRecord),
      labelOf,
      classes,
    ),
    joined: both.length,
    agreement: both.length === 0 ? 0 : agree / both.length,
  };
}

/** Share of a variant's requests that got an error instead of a prediction. */
export function errorRate(q: VariantQuality): number {
  return q.requests === 0 ? 0 : 1 - q.predictions / q.requests;
}

export const SHADOW_NAMESPACE = "Guardrails/ShadowTest";

/** Publishes accuracy per variant and the agreement as custom metrics of the shadow config. */
export async function publishComparison(
  clients: Clients,
  configName: string,
  c: ShadowComparison,
  at = new Date(clients.clock.now()),
): Promise<void> {
  const dims = (role: string) => [
    { Name: "EndpointConfigName", Value: configName },
    { Name: "Role", Value: role },
  ];
  await clients.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: SHADOW_NAMESPACE,
      MetricData: [
        {
          MetricName: "Accuracy",
          Dimensions: dims("production"),
          Value: c.production.accuracy,
          Unit: "None",
          Timestamp: at,
        },
        { MetricName: "Accuracy", Dimensions: dims("shadow"), Value: c.shadow.accuracy, Unit: "None", Timestamp: at },
        { MetricName: "Agreement", Dimensions: dims("pair"), Value: c.agreement, Unit: "None", Timestamp: at },
        {
          MetricName: "ErrorRate",
          Dimensions: dims("shadow"),
          Value: errorRate(c.shadow),
          Unit: "None",
          Timestamp: at,
        },
      ],
    }),
  );
}
