import { loadLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-reader";
import { writeLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-writer";

const body = (text: string) => new TextEncoder().encode(text);
/** A JSON answer: one prediction per row. */
const predictionsOf = (json: string) =>
  (JSON.parse(json) as { predictions: { score: number[]; predicted_label: number }[] }).predictions;
// Logits (0, ln 2, ln 3) for x = (1, 1); class 0 wins for x = (0, 0) on ties.
const model = loadLinearLearnerArtifact(
  writeLinearLearnerArtifact({
    predictorType: "multiclass_classifier",
    featureCount: 2,
    outputCount: 3,
    weights: Float32Array.of(0, Math.LN2, 0, 0, 0, Math.log(3)),
    bias: null,
  }),
  "s3://b/model.tar.gz",
);

describe("LinearLearnerModel.invoke", () => {
  it("answers text/csv with one multiclass prediction per row, labels printed as floats", () => {
    const result = model.invoke(body("1,1\n0,0\n"), "text/csv", "application/json");
    expect(result.status).toBe(200);
    expect(result.contentType).toBe("application/json");
    const predictions = predictionsOf(result.body);
    expect(predictions).toHaveLength(2);
    expect(predictions[0]?.score[2]).toBeCloseTo(0.5, 6);
    expect(result.body).toMatch(/"predicted_label":2\.0\},\{"score":\[[^\]]+\],"predicted_label":0\.0\}\]\}$/);
  });

  it("prints each score with all the digits of its float32 value", () => {
    const scores = predictionsOf(model.invoke(body("1,1"), "text/csv", undefined).body)[0]!.score;
    for (const s of scores) expect(Math.fround(s)).toBe(s);
  });

  it("accepts JSON instances, a bare instance and JSON lines; answers JSON lines on request", () => {
    const expected = model.invoke(body("1,1"), "text/csv", undefined).body;
    expect(model.invoke(body('{"instances":[{"features":[1,1]}]}'), "application/json", undefined).body).toBe(expected);
    expect(model.invoke(body('{"features":[1,1]}'), "application/json; charset=utf-8", undefined).body).toBe(expected);
    expect(
      model.invoke(body('{"instances":[{"data":{"features":{"values":[1,1]}}}]}'), "application/json", undefined).body,
    ).toBe(expected);
    expect(
      model.invoke(
        body('{"instances":[{"data":{"features":{"keys":[0,1],"values":[1,1],"shape":[2]}}}]}'),
        "application/json",
        undefined,
      ).body,
    ).toBe(expected);
    const lines = model.invoke(
      body('{"features":[1,1]}\n{"features":[0,0]}\n'),
      "application/jsonlines",
      "application/jsonlines",
    );
    expect(lines.contentType).toBe("application/jsonlines");
    expect(lines.body.trim().split("\n")).toHaveLength(2);
    expect(lines.body.startsWith('{"score":[')).toBe(true);
  });

  it("refuses a CSV row with the wrong number of columns, naming the row (400, container wording)", () => {
    expect(model.invoke(body("1,1\n1,2,3\n"), "text/csv", undefined)).toEqual({
      status: 400,
      contentType: "text/plain",
      body: "Unable to evaluate payload provided: Feature size of csv inference data 3 is not consistent with feature size of trained model 2 (row 2).",
    });
  });

  it("refuses a CSV field that is not a number, naming row and column", () => {
    const result = model.invoke(body("1,1\n\n0.5,abc\n"), "text/csv", undefined);
    expect(result.status).toBe(400);
    expect(result.body).toBe(
      "Unable to evaluate payload provided: could not convert string to float: 'abc' (row 3, column 2).",
    );
  });

  it.each([
    [
      "application/json",
      '{"instances":[{"features":[1]}]}',
      /Feature size of json inference data 1 is not consistent with feature size of trained model 2 \(instance 1\)/,
    ],
    ["application/json", '{"instances":[{"features":[1,"x"]}]}', /instance 1, feature 2: "x" is not a finite number/],
    ["application/json", '{"rows":[[1,1]]}', /must be \{"instances": \[\.\.\.\]\} or \{"features": \[\.\.\.\]\}/],
    ["application/json", "{not json", /the payload is not valid JSON/],
    [
      "application/json",
      '{"instances":[{"data":{"features":{"keys":[5],"values":[1]}}}]}',
      /instance 1: key 5 is not a feature index below 2/,
    ],
    ["application/jsonlines", '{"features":[1,1]}\n{"features":[1]}', /\(line 2\)/],
    ["text/csv", "", /the payload has no rows/],
    ["text/csv", "1e999,1", /could not convert string to float: '1e999'/],
  ])("refuses a bad %s payload with 400: %s", (type, text, message) => {
    const result = model.invoke(body(text), type, undefined);
    expect(result.status).toBe(400);
    expect(result.body).toMatch(/^Unable to evaluate payload provided: /);
    expect(result.body).toMatch(message);
  });

  it("answers 415 for an unsupported content type and 406 for an unsupported Accept", () => {
    expect(model.invoke(body("1,1"), "text/libsvm", undefined).status).toBe(415);
    expect(model.invoke(body("1,1"), "text/csv", "text/csv")).toMatchObject({
      status: 406,
      body: expect.stringMatching(/Accept type text\/csv is not supported/) as unknown,
    });
    expect(model.invoke(body("1,1"), "text/csv", "text/html, */*").status).toBe(200);
  });

  it("refuses a body that is not UTF-8", () => {
    expect(model.invoke(Uint8Array.of(0xff, 0xfe, 0x31), "text/csv", undefined).status).toBe(400);
  });
});

describe("binary and regressor responses", () => {
  it("binary: score and predicted_label as floats", () => {
    const binary = loadLinearLearnerArtifact(
      writeLinearLearnerArtifact({
        predictorType: "binary_classifier",
        featureCount: 1,
        outputCount: 1,
        weights: Float32Array.of(0),
        bias: Float32Array.of(0),
      }),
      "m",
    );
    expect(binary.invoke(body("3"), "text/csv", undefined).body).toBe(
      '{"predictions":[{"score":0.5,"predicted_label":0.0}]}',
    );
  });

  it("regressor: score only, integral values printed as floats", () => {
    const regressor = loadLinearLearnerArtifact(
      writeLinearLearnerArtifact({
        predictorType: "regressor",
        featureCount: 1,
        outputCount: 1,
        weights: Float32Array.of(2),
        bias: null,
      }),
      "m",
    );
    expect(regressor.invoke(body("3\n-0.25"), "text/csv", undefined).body).toBe(
      '{"predictions":[{"score":6.0},{"score":-0.5}]}',
    );
  });
});
