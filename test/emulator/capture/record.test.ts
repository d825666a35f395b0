import type { DataCaptureConfig } from "@aws-sdk/client-sagemaker";
import { captureKey, parseDestination } from "../../../src/emulator/capture/layout";
import { captureLine, captureSettings, type CaptureEvent } from "../../../src/emulator/capture/record";

const config = (extra: Partial<DataCaptureConfig> = {}): DataCaptureConfig => ({
  EnableCapture: true,
  InitialSamplingPercentage: 100,
  DestinationS3Uri: "s3://bucket/prefix/data-capture",
  CaptureOptions: [{ CaptureMode: "Input" }, { CaptureMode: "Output" }],
  CaptureContentTypeHeader: { CsvContentTypes: ["text/csv"], JsonContentTypes: ["application/json"] },
  ...extra,
});

const event = (extra: Partial<CaptureEvent> = {}): CaptureEvent => ({
  endpointName: "weather",
  variantName: "AllTraffic",
  time: Date.UTC(2026, 0, 1, 12, 0, 5, 123),
  inferenceId: "req-1",
  input: { body: Buffer.from("1.5,2,3"), contentType: "text/csv" },
  output: { body: Buffer.from('{"predictions":[{"predicted_label":1.0}]}'), contentType: "application/json" },
  status: 200,
  ...extra,
});

/** A capture line as read back (the tests read only the parts the config captures). */
interface CapturedLine {
  captureData: Record<"endpointInput" | "endpointOutput", { data: string; encoding: string }>;
  eventMetadata: Record<string, unknown>;
}

const line = (e: CaptureEvent, c: DataCaptureConfig) =>
  JSON.parse(captureLine(e, captureSettings(c)!, "event-1")) as CapturedLine;

describe("capture record", () => {
  it("is AWS's JSON line: CSV input and JSON output as text, event metadata, eventVersion 0", () => {
    expect(captureLine(event(), captureSettings(config())!, "event-1")).toBe(
      JSON.stringify({
        captureData: {
          endpointInput: { observedContentType: "text/csv", mode: "INPUT", data: "1.5,2,3", encoding: "CSV" },
          endpointOutput: {
            observedContentType: "application/json",
            mode: "OUTPUT",
            data: '{"predictions":[{"predicted_label":1.0}]}',
            encoding: "JSON",
          },
        },
        eventMetadata: { eventId: "event-1", inferenceId: "req-1", inferenceTime: "2026-01-01T12:00:05Z" },
        eventVersion: "0",
      }),
    );
  });

  it("encodes content types not listed in CaptureContentTypeHeader as BASE64, and everything without a header", () => {
    const plain = line(event({ output: { body: Buffer.from("oops"), contentType: "text/plain" } }), config());
    expect(plain.captureData.endpointOutput).toEqual({
      observedContentType: "text/plain",
      mode: "OUTPUT",
      data: Buffer.from("oops").toString("base64"),
      encoding: "BASE64",
    });
    const noHeader = line(event(), config({ CaptureContentTypeHeader: undefined }));
    expect(noHeader.captureData.endpointInput.encoding).toBe("BASE64");
    expect(Buffer.from(noHeader.captureData.endpointInput.data, "base64").toString()).toBe("1.5,2,3");
  });

  it("matches content types by media type, ignoring parameters and case, and keeps the observed header", () => {
    const out = line(
      event({ output: { body: Buffer.from("0.25\n"), contentType: "Text/CSV; charset=utf-8" } }),
      config(),
    );
    expect(out.captureData.endpointOutput).toEqual({
      observedContentType: "Text/CSV; charset=utf-8",
      mode: "OUTPUT",
      data: "0.25\n",
      encoding: "CSV",
    });
  });

  it("falls back to BASE64 for a listed type whose bytes are not UTF-8, so the record decodes to the exact bytes", () => {
    const bytes = Buffer.from([0x31, 0x2c, 0xff, 0xfe]);
    const out = line(event({ input: { body: bytes, contentType: "text/csv" } }), config());
    expect(out.captureData.endpointInput.encoding).toBe("BASE64");
    expect(Buffer.from(out.captureData.endpointInput.data, "base64")).toEqual(bytes);
  });

  it("captures only the modes asked for; InputAndOutput means both", () => {
    expect(Object.keys(line(event(), config({ CaptureOptions: [{ CaptureMode: "Input" }] })).captureData)).toEqual([
      "endpointInput",
    ]);
    expect(Object.keys(line(event(), config({ CaptureOptions: [{ CaptureMode: "Output" }] })).captureData)).toEqual([
      "endpointOutput",
    ]);
    expect(
      Object.keys(line(event(), config({ CaptureOptions: [{ CaptureMode: "InputAndOutput" }] })).captureData),
    ).toEqual(["endpointInput", "endpointOutput"]);
  });

  it("omits inferenceId when the request had none", () => {
    expect(line(event({ inferenceId: undefined }), config()).eventMetadata).toEqual({
      eventId: "event-1",
      inferenceTime: "2026-01-01T12:00:05Z",
    });
  });

  it("captures a container error with its body and the container's status in containerStatusCode", () => {
    const failed = line(
      event({ status: 500, output: { body: Buffer.from("Unable to load model: bad"), contentType: "text/plain" } }),
      config(),
    );
    expect(failed.eventMetadata.containerStatusCode).toBe(500);
    expect(Buffer.from(failed.captureData.endpointOutput.data, "base64").toString()).toBe("Unable to load model: bad");
  });

  it("is off when EnableCapture is false or the destination is not an S3 URI", () => {
    expect(captureSettings(config({ EnableCapture: false }))).toBeUndefined();
    expect(captureSettings(config({ DestinationS3Uri: "ftp://bucket/x" }))).toBeUndefined();
    expect(captureSettings(undefined)).toBeUndefined();
    expect(captureSettings(config({ EnableCapture: undefined }))).toBeDefined();
  });
});

describe("capture file key", () => {
  it("is {DestinationS3Uri}/{EndpointName}/{VariantName}/yyyy/mm/dd/HH/{MM}-{SS}-{mmm}-{uuid}.jsonl in UTC", () => {
    const d = parseDestination("s3://bucket/sagemaker/data-capture/")!;
    expect(d).toEqual({ bucket: "bucket", prefix: "sagemaker/data-capture" });
    expect(captureKey(d, "weather", "AllTraffic", Date.UTC(2026, 1, 3, 4, 5, 6, 7), "u-u-i-d")).toBe(
      "sagemaker/data-capture/weather/AllTraffic/2026/02/03/04/05-06-007-u-u-i-d.jsonl",
    );
  });

  it("accepts a bucket root and the https forms of DestinationS3Uri", () => {
    expect(captureKey(parseDestination("s3://bucket")!, "e", "v", 0, "id")).toBe(
      "e/v/1970/01/01/00/00-00-000-id.jsonl",
    );
    expect(parseDestination("https://bucket.s3.us-east-1.amazonaws.com/capture")).toEqual({
      bucket: "bucket",
      prefix: "capture",
    });
    expect(parseDestination("https://s3.amazonaws.com/bucket/a/b")).toEqual({ bucket: "bucket", prefix: "a/b" });
  });
});
