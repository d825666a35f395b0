/** The public API as the emulator's containers use it, on the committed artifacts. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ArtifactError,
  failingModelServer,
  loadLinearLearner,
  loadXgboost,
  type ModelServer,
  WEATHER_LABELS,
} from "../../src/models";

const data = (name: string) => new Uint8Array(readFileSync(join(process.cwd(), "data", name)));
const firstPayloadRow = new TextDecoder().decode(data("test_linear_input_cols.csv")).split("\n")[0]!;

/** What the emulator does for a variant: load the artifact for its image, or serve the load error. */
function serve(image: "linear-learner" | "xgboost", artifact: Uint8Array, source: string): ModelServer {
  try {
    return image === "linear-learner" ? loadLinearLearner(artifact, source) : loadXgboost(artifact, source);
  } catch (err) {
    if (err instanceof ArtifactError) return failingModelServer(err.message);
    throw err;
  }
}

describe("the models API", () => {
  it.each(["005", "009"])("linear-learner serves %s-model.tar.gz: one multiclass prediction per payload row", (job) => {
    const server = serve("linear-learner", data(`${job}-model.tar.gz`), `s3://bucket/prefix/${job}-model.tar.gz`);
    const result = server.invoke(new TextEncoder().encode(firstPayloadRow), "text/csv", undefined);
    expect(result.status).toBe(200);
    const [prediction] = (JSON.parse(result.body) as { predictions: { score: number[] }[] }).predictions;
    expect(prediction?.score).toHaveLength(WEATHER_LABELS.length);
    expect(result.body).toMatch(/"predicted_label":[0-4]\.0\}\]\}$/);
  });

  it("the xgboost image given the linear-learner artifact answers every invocation with 500 'Unable to load model: …'", () => {
    const server = serve("xgboost", data("009-model.tar.gz"), "s3://bucket/prefix/009-model.tar.gz");
    const result = server.invoke(new TextEncoder().encode(firstPayloadRow), "text/csv", undefined);
    expect(result.status).toBe(500);
    expect(result.body).toMatch(/^Unable to load model: s3:\/\/bucket\/prefix\/009-model\.tar\.gz → model_algo-1: /);
  });
});
