/**
 * One data-capture record: the JSON line SageMaker writes for an invocation (reference §6),
 * built from what the endpoint saw and answered and the endpoint config's DataCaptureConfig.
 *
 *   {"captureData":{"endpointInput":{…},"endpointOutput":{…}},
 *    "eventMetadata":{"eventId":…,"inferenceId":…,"inferenceTime":…},"eventVersion":"0"}
 *
 * Each payload is written as text with encoding CSV or JSON when its content type is listed in
 * CaptureContentTypeHeader, BASE64 otherwise (and with no header at all, as AWS documents).
 * Content types are compared by media type, ignoring parameters and case, so a container's
 * `text/csv; charset=utf-8` counts as `text/csv` (as AWS's captures of such outputs show).
 * Inferred: a listed type whose bytes are not valid UTF-8 falls back to BASE64, so a record
 * always decodes to the exact bytes.
 *
 * Errors (inferred, AWS documents no format): a container answer of 4XX/5XX is captured like a
 * success – endpointOutput holds the container's error body with its content type – and
 * eventMetadata gains `containerStatusCode`, the HTTP status the container returned (not the 424
 * the caller saw). Successful records carry no such field, so they keep AWS's exact shape.
 */
import type { DataCaptureConfig } from "@aws-sdk/client-sagemaker";
import { parseDestination, type Destination } from "./layout";

export interface CaptureSettings {
  destination: Destination;
  samplingPercentage: number;
  input: boolean;
  output: boolean;
  csvTypes: ReadonlySet<string>;
  jsonTypes: ReadonlySet<string>;
}

export interface Payload {
  body: Uint8Array;
  contentType: string;
}

/** One invocation of one variant, as data capture sees it. */
export interface CaptureEvent {
  endpointName: string;
  variantName: string;
  /** When the request arrived, epoch ms. */
  time: number;
  inferenceId?: string;
  input: Payload;
  output: Payload;
  /** The container's HTTP status. */
  status: number;
}

type Encoding = "CSV" | "JSON" | "BASE64";

interface CapturedPayload {
  observedContentType: string;
  mode: "INPUT" | "OUTPUT";
  data: string;
  encoding: Encoding;
}

const mediaType = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** What an endpoint config asks to capture, or undefined when capture is off (or unusable). */
export function captureSettings(config: DataCaptureConfig | undefined): CaptureSettings | undefined {
  if (!config || config.EnableCapture === false) return undefined;
  const destination = parseDestination(config.DestinationS3Uri ?? "");
  if (!destination) return undefined;
  const modes = new Set((config.CaptureOptions ?? []).map((o) => o.CaptureMode));
  const types = (list: string[] | undefined) => new Set((list ?? []).map(mediaType));
  return {
    destination,
    samplingPercentage: config.InitialSamplingPercentage ?? 0,
    input: modes.has("Input") || modes.has("InputAndOutput"),
    output: modes.has("Output") || modes.has("InputAndOutput"),
    csvTypes: types(config.CaptureContentTypeHeader?.CsvContentTypes),
    jsonTypes: types(config.CaptureContentTypeHeader?.JsonContentTypes),
  };
}

function captured(payload: Payload, mode: CapturedPayload["mode"], s: CaptureSettings): CapturedPayload {
  const type = mediaType(payload.contentType);
  const textual: Encoding | undefined = s.csvTypes.has(type) ? "CSV" : s.jsonTypes.has(type) ? "JSON" : undefined;
  if (textual) {
    try {
      return { observedContentType: payload.contentType, mode, data: utf8.decode(payload.body), encoding: textual };
    } catch {
      // not UTF-8 text after all: fall through to BASE64
    }
  }
  return {
    observedContentType: payload.contentType,
    mode,
    data: Buffer.from(payload.body).toString("base64"),
    encoding: "BASE64",
  };
}

/** AWS writes inference times to the second, in UTC. */
const inferenceTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function captureLine(event: CaptureEvent, s: CaptureSettings, eventId: string): string {
  const failed = event.status < 200 || event.status >= 300;
  return JSON.stringify({
    captureData: {
      endpointInput: s.input ? captured(event.input, "INPUT", s) : undefined,
      endpointOutput: s.output ? captured(event.output, "OUTPUT", s) : undefined,
    },
    eventMetadata: {
      eventId,
      inferenceId: event.inferenceId,
      inferenceTime: inferenceTime(event.time),
      containerStatusCode: failed ? event.status : undefined,
    },
    eventVersion: "0",
  });
}
