import { loadXgboostArtifact } from "../../../src/models/xgboost/artifact-reader";
import { DEPTH2, STUMP, xgboostArtifact, xgboostJson } from "./xgboost-fixtures";

const body = (text: string) => new TextEncoder().encode(text);
const load = (spec: Parameters<typeof xgboostJson>[0]) =>
  loadXgboostArtifact(xgboostArtifact({ "xgboost-model": xgboostJson(spec) }), "m");
const regression = load({ objective: "reg:squarederror", baseScore: "5E-1", numFeature: 2, trees: [STUMP, DEPTH2] });

describe("XgboostModel.invoke", () => {
  // Sums are float32, in tree order, as in XGBoost:
  //   row (0.5, −1):  0.5 + 0.3 + 0.1  → 0.90000004
  //   row (2, 1):     0.5 − 0.2 + 0.05 → 0.35000002
  //   row (missing):  0.5 + 0.3 (default left) + 0.05 (feature 1 missing → right; feature 0 missing → default left) → 0.85
  const f32 = Math.fround;
  const sum = (...leaves: number[]) => leaves.reduce((acc, v) => f32(acc + f32(v)), 0.5);
  const expected = [sum(0.3, 0.1), sum(-0.2, 0.05), sum(0.3, 0.05)];

  it("answers text/csv by default: one value per line, numpy's float32 spelling", () => {
    const result = regression.invoke(body("0.5,-1\n2,1\n,\n"), "text/csv", undefined);
    expect(result).toEqual({ status: 200, contentType: "text/csv", body: "0.90000004\n0.35000002\n0.85\n" });
    expect(
      result.body
        .trim()
        .split("\n")
        .map((line) => f32(Number(line))),
    ).toEqual(expected);
  });

  it("answers JSON and JSON lines on request, scores with the float32 value's full digits", () => {
    const json = regression.invoke(body("0.5,-1"), "text/csv", "application/json");
    expect(json.contentType).toBe("application/json");
    expect(json.body).toBe(`{"predictions":[{"score":${expected[0]}}]}`);
    expect(
      regression.invoke(body("0.5,-1\n2,1"), "text/csv", "application/jsonlines").body.trim().split("\n"),
    ).toHaveLength(2);
  });

  it("accepts text/libsvm with an optional label; unlisted features are missing", () => {
    expect(regression.invoke(body("1 0:0.5 1:-1\n1:1 0:2\n0\n"), "text/libsvm", undefined).body).toBe(
      "0.90000004\n0.35000002\n0.85\n",
    );
  });

  it("prints one comma-separated row per line for multi:softprob", () => {
    const tree = (a: number, b: number) => ({
      nodes: [
        [1, 2, 0, 0, true],
        [-1, -1, 0, a, false],
        [-1, -1, 0, b, false],
      ] as [number, number, number, number, boolean][],
    });
    const multi = load({
      objective: "multi:softprob",
      baseScore: "5E-1",
      numFeature: 1,
      numClass: 2,
      trees: [tree(0, 0), tree(0, Math.log(3))],
      treeInfo: [0, 1],
    });
    expect(multi.invoke(body("-1\n1\n"), "text/csv", undefined).body).toBe("0.5,0.5\n0.25,0.75\n");
    expect(multi.invoke(body("1"), "text/csv", "application/json").body).toBe(
      '{"predictions":[{"score":[0.25,0.75]}]}',
    );
  });

  it.each([
    [
      "text/csv",
      "1,2,3",
      /Feature size of csv inference data 3 is not consistent with feature size of trained model 2 \(row 1\)/,
    ],
    [
      "text/csv",
      "1,x",
      /Loading csv data failed with Exception.*could not convert string to float: 'x' \(row 1, column 2\)/,
    ],
    ["text/libsvm", "0 5:1", /Loading libsvm data failed.*line 1: feature index "5" is not below 2/],
    ["text/libsvm", "0 1:abc", /line 1: "1:abc" is not index:number/],
    ["text/csv", "\n", /the payload has no rows/],
  ])("refuses a bad %s payload with 400: %j", (type, text, message) => {
    const result = regression.invoke(body(text), type, undefined);
    expect(result.status).toBe(400);
    expect(result.body).toMatch(message);
  });

  it("answers 415 for content types the container does not read", () => {
    const result = regression.invoke(body('{"instances":[]}'), "application/json", undefined);
    expect(result.status).toBe(415);
    expect(result.body).toMatch(/Content type application\/json is not supported/);
  });
});
