import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { Header } from "tar";
import { ArtifactError } from "../../../src/models/errors";
import { loadLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-reader";
import { writeLinearLearnerArtifact } from "../../../src/models/linear-learner/artifact-writer";
import { encodeParams } from "../../../src/models/linear-learner/ndarray-params";
import { additionalParams, artifactFrom, MANIFEST, modelFiles } from "./artifact-fixtures";

const SOURCE = "s3://bucket/prefix/model.tar.gz";
const expectArtifactError = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(ArtifactError);
  expect(f).toThrow(message);
};

describe("loadLinearLearnerArtifact on artifacts from our writer", () => {
  it("multiclass: reads shape, scores and labels", () => {
    const artifact = writeLinearLearnerArtifact({
      predictorType: "multiclass_classifier",
      featureCount: 2,
      outputCount: 3,
      weights: Float32Array.of(0, Math.LN2, 0, 0, 0, Math.log(3)),
      bias: Float32Array.of(0, 0, 0),
    });
    const model = loadLinearLearnerArtifact(artifact, SOURCE);
    expect([model.predictorType, model.featureCount, model.outputCount]).toEqual(["multiclass_classifier", 2, 3]);
    const p = model.predict(Float32Array.of(1, 1, 0, 10), 2);
    [1 / 6, 2 / 6, 3 / 6].forEach((v, i) => expect(p.scores[i]).toBeCloseTo(v, 6));
    expect(Array.from(p.labels!)).toEqual([2, 2]);
  });

  it("binary: sigmoid score, label from the 0.5 threshold", () => {
    const model = loadLinearLearnerArtifact(
      writeLinearLearnerArtifact({
        predictorType: "binary_classifier",
        featureCount: 1,
        outputCount: 1,
        weights: Float32Array.of(2),
        bias: Float32Array.of(-1),
      }),
      SOURCE,
    );
    const p = model.predict(Float32Array.of(1, 0), 2);
    expect(p.scores[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(p.scores[1]).toBeCloseTo(1 / (1 + Math.exp(1)), 6);
    expect(Array.from(p.labels!)).toEqual([1, 0]);
  });

  it("regressor: the linear value, no labels", () => {
    const model = loadLinearLearnerArtifact(
      writeLinearLearnerArtifact({
        predictorType: "regressor",
        featureCount: 2,
        outputCount: 1,
        weights: Float32Array.of(2, -1),
        bias: null,
      }),
      SOURCE,
    );
    const p = model.predict(Float32Array.of(3, 4, 0.5, 0), 2);
    expect(Array.from(p.scores)).toEqual([2, 1]);
    expect(p.labels).toBeNull();
  });
});

describe("loadLinearLearnerArtifact on artifacts laid out as SageMaker writes them", () => {
  it("reads a tar made by another tool, a zip in another order, MXNet 0.x JSON and unprefixed float64 params", () => {
    const graph = JSON.parse(modelFiles("binary_classifier", [1, 1], [0], 2)["mx-mod-symbol.json"] as string) as {
      nodes: { attrs?: unknown; attr?: unknown; inputs: unknown[][] }[];
    };
    // MXNet 0.x spelling: "attr" instead of "attrs", two-element input entries.
    for (const node of graph.nodes) {
      if (node.attrs) [node.attr, node.attrs] = [node.attrs, undefined];
      node.inputs = node.inputs.map(([n, o]) => [n, o]);
    }
    const params = encodeParams([
      { name: "fc0_bias", shape: [1, 1], data: Float32Array.of(-0.5) },
      { name: "fc0_weight", shape: [2, 1], data: Float32Array.of(1, 2) },
    ]);
    const zip = zipSync({
      "mx-mod-0000.params": params,
      "mx-mod-symbol.json": new TextEncoder().encode(JSON.stringify(graph)),
      "additional-params.json": new TextEncoder().encode(
        '{"threshold": 0.25, "loss_type": "logistic", "predictor_type": "binary_classifier", "metrics_params": {"positive_example_weight_mult": 1.33}}',
      ),
      "manifest.json": new TextEncoder().encode(MANIFEST),
    });
    const model = loadLinearLearnerArtifact(tarWithNodeTarHeader("./model_algo-1", zip), SOURCE);
    expect(model.threshold).toBe(0.25);
    const p = model.predict(Float32Array.of(0.5, 0.25), 1);
    expect(p.scores[0]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
  });
});

describe("loadLinearLearnerArtifact on broken artifacts", () => {
  const good = modelFiles("multiclass_classifier", [1, 2, 3, 4], [0, 0], 2);

  it("names the archive when the tarball is truncated", () => {
    const artifact = artifactFrom(good);
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifact.subarray(0, artifact.length / 2), SOURCE),
      /^s3:\/\/bucket\/prefix\/model\.tar\.gz: corrupt or truncated gzip stream/,
    );
  });

  it("names the missing model_algo-1 member and lists what is there", () => {
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifactFrom(good, "model.pkl"), SOURCE),
      /model\.tar\.gz: no model_algo-1 member \(the archive holds: model\.pkl\)/,
    );
  });

  it("names model_algo-1 when it is not a zip", () => {
    expectArtifactError(
      () => loadLinearLearnerArtifact(tarWithNodeTarHeader("model_algo-1", new TextEncoder().encode("{}")), SOURCE),
      /model\.tar\.gz → model_algo-1: not a zip file/,
    );
  });

  it("names a missing file inside the zip", () => {
    const { "manifest.json": _, ...rest } = good;
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifactFrom(rest), SOURCE),
      /model_algo-1 → manifest\.json: missing \(the zip holds: /,
    );
  });

  it("names a manifest without an MXNet module, and an unknown predictor type", () => {
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifactFrom({ ...good, "manifest.json": '{"version": 1}' }), SOURCE),
      /manifest\.json: names no "mxnet_module" entry/,
    );
    expectArtifactError(
      () =>
        loadLinearLearnerArtifact(
          artifactFrom({ ...good, "additional-params.json": additionalParams("ranker") }),
          SOURCE,
        ),
      /additional-params\.json: predictor_type "ranker" is not one of multiclass_classifier, binary_classifier, regressor/,
    );
  });

  it("names corrupted parameters", () => {
    const params = Uint8Array.from(good["mx-mod-0000.params"] as Uint8Array);
    params[0] = 0x99;
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifactFrom({ ...good, "mx-mod-0000.params": params }), SOURCE),
      /model_algo-1 → mx-mod-0000\.params: not an MXNet NDArray list/,
    );
    const truncated = (good["mx-mod-0000.params"] as Uint8Array).subarray(0, 60);
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifactFrom({ ...good, "mx-mod-0000.params": truncated }), SOURCE),
      /mx-mod-0000\.params: truncated at byte/,
    );
  });

  it("names an unknown operator in the symbol graph", () => {
    const symbol = (good["mx-mod-symbol.json"] as string).replace('"op": "exp"', '"op": "Custom"');
    expectArtifactError(
      () => loadLinearLearnerArtifact(artifactFrom({ ...good, "mx-mod-symbol.json": symbol }), SOURCE),
      /model_algo-1 → mx-mod-symbol\.json: node 9 'exp0' \(Custom\) uses operator 'Custom', which this reader does not implement/,
    );
  });

  it("refuses a graph whose output does not fit the predictor type", () => {
    const binaryGraph = modelFiles("binary_classifier", [1, 2], [0], 2);
    expectArtifactError(
      () =>
        loadLinearLearnerArtifact(
          artifactFrom({ ...binaryGraph, "additional-params.json": additionalParams("multiclass_classifier") }),
          SOURCE,
        ),
      /a multiclass_classifier must output at least 2 score\(s\) per row/,
    );
  });
});

/** A one-member tar.gz whose header node-tar encodes (name may be ./-prefixed, as `tar czf` writes it). */
function tarWithNodeTarHeader(name: string, data: Uint8Array): Uint8Array {
  const header = Buffer.alloc(512);
  new Header({
    path: name,
    mode: 0o644,
    size: data.length,
    mtime: new Date(1_700_000_000_000),
    type: "File",
    uid: 1000,
    gid: 1000,
  }).encode(header, 0);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, data, padding, Buffer.alloc(1024)]));
}
