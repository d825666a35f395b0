import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArtifactError } from "../../../src/models/errors";
import { loadXgboostArtifact } from "../../../src/models/xgboost/artifact-reader";
import { STUMP, xgboostArtifact, xgboostJson } from "./xgboost-fixtures";

const SOURCE = "s3://bucket/prefix/model.tar.gz";
const json = xgboostJson({ objective: "reg:squarederror", baseScore: "5E-1", numFeature: 1, trees: [STUMP] });
const expectLoadError = (artifact: Uint8Array, message: RegExp) => {
  const f = () => loadXgboostArtifact(artifact, SOURCE);
  expect(f).toThrow(ArtifactError);
  expect(f).toThrow(/^Unable to load model: /);
  expect(f).toThrow(message);
};

describe("loadXgboostArtifact", () => {
  it("loads xgboost-model from the tarball", () => {
    const model = loadXgboostArtifact(xgboostArtifact({ "xgboost-model": json, "code/readme.txt": "x" }), SOURCE);
    expect(model.featureCount).toBe(1);
    expect(Array.from(model.predict(Float32Array.of(0), 1))).toEqual([Math.fround(0.8)]);
  });

  it("loads the archive's only file whatever its name", () => {
    expect(loadXgboostArtifact(xgboostArtifact({ "model.json": json }), SOURCE).featureCount).toBe(1);
  });

  it("refuses the linear-learner artifact (the notebook's v2-2 mistake) with the container's message", () => {
    const linearLearner = readFileSync(join(process.cwd(), "data", "009-model.tar.gz"));
    expectLoadError(
      linearLearner,
      /^Unable to load model: s3:\/\/bucket\/prefix\/model\.tar\.gz → model_algo-1: not an XGBoost model: it is a zip archive/,
    );
  });

  it.each<[string, Record<string, string | Uint8Array>, RegExp]>([
    ["no model file among several", { a: "1", b: "2" }, /no xgboost-model file \(the archive holds: a, b\)/],
    [
      "a truncated pickle",
      { "xgboost-model": Uint8Array.of(0x80, 0x04, 0x95) },
      /xgboost-model: truncated pickle at byte 3/,
    ],
    [
      "a truncated legacy binary model",
      { "xgboost-model": "binf\u0000\u0000\u0000?" },
      /not a valid XGBoost binary model: the learner parameters at byte 4 runs past the end/,
    ],
    [
      "truncated UBJSON",
      { "xgboost-model": "{L\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0007learner" },
      /xgboost-model: not valid UBJSON: a marker at byte 17 runs past the end of the file/,
    ],
    ["an empty file", { "xgboost-model": "" }, /unrecognised content \(first bytes \(empty\)\)/],
    ["broken JSON", { "xgboost-model": '{"learner": ' }, /model\.tar\.gz → xgboost-model: not valid JSON/],
  ])("names the problem with %s", (_, files, message) => expectLoadError(xgboostArtifact(files), message));

  it("refuses a file that is not a tarball", () => {
    expectLoadError(
      new TextEncoder().encode(json),
      /Unable to load model: s3:\/\/bucket\/prefix\/model\.tar\.gz: not a gzip file/,
    );
  });
});
