import { compareVariants, parseCaptureFile } from "../../src/aws/shadow";

const line = (inferenceId: string, output: string, encoding = "JSON"): string =>
  JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: "text/csv", mode: "INPUT", data: "1,2,3", encoding: "CSV" },
      endpointOutput: {
        observedContentType: "application/json",
        mode: "OUTPUT",
        data: encoding === "BASE64" ? Buffer.from(output).toString("base64") : output,
        encoding,
      },
    },
    eventMetadata: { eventId: `e-${inferenceId}`, inferenceId, inferenceTime: "2026-01-01T12:00:00Z" },
    eventVersion: "0",
  });

const prediction = (label: number): string =>
  JSON.stringify({ predictions: [{ score: [0.1, 0.9], predicted_label: label }] });

describe("data-capture records", () => {
  it("take the variant from the key layout and decode JSON and BASE64 outputs", () => {
    const key = "prefix/data-capture/weather-prediction-endpoint/ShadowVariant/2026/01/01/12/00-00-000-abc.jsonl";
    const records = parseCaptureFile(
      key,
      `${line("r-0", prediction(2))}\n${line("r-1", prediction(4), "BASE64")}\n`,
      "weather-prediction-endpoint",
    );
    expect(records.map((r) => [r.variant, r.inferenceId, r.predictedLabel, r.input])).toEqual([
      ["ShadowVariant", "r-0", 2, "1,2,3"],
      ["ShadowVariant", "r-1", 4, "1,2,3"],
    ]);
  });

  it("treat an error body as no prediction", () => {
    const [r] = parseCaptureFile("p/ep/V/x.jsonl", line("r-0", "Unable to load model: not an xgboost model"), "ep");
    expect(r?.predictedLabel).toBeUndefined();
  });
});

describe("production vs shadow", () => {
  const labels = [0, 1, 2, 2];
  const labelOf = (id: string): number | undefined => labels[Number(id.split("-")[1])];
  const rec = (variant: string, id: string, predictedLabel?: number) => ({
    variant,
    inferenceId: id,
    eventId: id,
    inferenceTime: "",
    predictedLabel,
  });

  it("joins on InferenceId and scores accuracy, agreement and confusion on the joined requests", () => {
    const records = [
      rec("P", "r-0", 0),
      rec("P", "r-1", 2),
      rec("P", "r-2", 2),
      rec("P", "r-3", 1),
      rec("S", "r-0", 0),
      rec("S", "r-1", 1),
      rec("S", "r-2", 2),
      // r-3 was not copied to the shadow: it is not compared.
    ];
    const c = compareVariants(records, "P", "S", labelOf, 3);
    expect(c.joined).toBe(3);
    expect(c.production.accuracy).toBeCloseTo(2 / 3);
    expect(c.shadow.accuracy).toBe(1);
    expect(c.agreement).toBeCloseTo(2 / 3);
    expect(c.shadow.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(c.production.confusion).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
  });

  it("counts a failing shadow's errors as wrong answers that never agree", () => {
    const records = [rec("P", "r-0", 0), rec("P", "r-1", 1), rec("S", "r-0"), rec("S", "r-1")];
    const c = compareVariants(records, "P", "S", labelOf, 3);
    expect(c.shadow).toMatchObject({ requests: 2, predictions: 0, accuracy: 0 });
    expect(c.production.accuracy).toBe(1);
    expect(c.agreement).toBe(0);
  });
});
