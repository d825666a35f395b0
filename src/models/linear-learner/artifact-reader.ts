/**
 * Loads a linear-learner `model.tar.gz` — ours or one SageMaker trained:
 * finds `model_algo-1`, reads the zip, follows `manifest.json` to the MXNet
 * module (`<prefix>-symbol.json`, `<prefix>-NNNN.params`) and the additional
 * parameters, and compiles the symbol graph. Parameter names may carry MXNet's
 * `arg:` / `aux:` prefixes or not; dtypes other than float32 are converted.
 * Every failure is an `ArtifactError` naming the file inside the archive.
 */
import { readTarGz } from "../archive/tar-gz";
import { readTarGzStreamed } from "../archive/tar-gz-stream";
import { readZip } from "../archive/zip";
import { ArtifactError, artifactPath } from "../errors";
import { MODEL_MEMBER } from "./artifact-writer";
import { compileGraph } from "./graph-interpreter";
import type { PredictorType } from "./linear-learner-graph";
import { LinearLearnerModel } from "./linear-learner-model";
import { decodeParams } from "./ndarray-params";
import { parseSymbolGraph } from "./symbol-graph";
import type { Tensor } from "./tensor";

const PREDICTOR_TYPES: readonly PredictorType[] = ["multiclass_classifier", "binary_classifier", "regressor"];

export function loadLinearLearnerArtifact(tarGz: Uint8Array, source: string): LinearLearnerModel {
  const files = readTarGz(tarGz, source);
  return fromMembers(files, [...files.keys()], source);
}

/** loadLinearLearnerArtifact with the archive inflated as a stream, keeping only the model members. */
export async function loadLinearLearnerArtifactStreamed(
  tarGz: Uint8Array,
  source: string,
): Promise<LinearLearnerModel> {
  const { files, names } = await readTarGzStreamed(tarGz, source, isModelMember);
  return fromMembers(files, names, source);
}

const isModelMember = (name: string) => name === MODEL_MEMBER || /^model_algo-\d+$/.test(name);

function fromMembers(members: Map<string, Uint8Array>, names: string[], source: string): LinearLearnerModel {
  const memberName = members.has(MODEL_MEMBER) ? MODEL_MEMBER : names.find((n) => members.has(n) && isModelMember(n));
  if (!memberName) {
    throw new ArtifactError(
      `${source}: no ${MODEL_MEMBER} member (the archive holds: ${names.join(", ") || "nothing"})`,
    );
  }
  const zipPath = artifactPath(source, memberName);
  const files = readZip(members.get(memberName)!, zipPath);
  const fileBytes = (name: string): Uint8Array => {
    const bytes = files.get(name);
    if (!bytes)
      throw new ArtifactError(
        `${artifactPath(zipPath, name)}: missing (the zip holds: ${[...files.keys()].join(", ")})`,
      );
    return bytes;
  };
  const fileText = (name: string): string => new TextDecoder().decode(fileBytes(name));
  const jsonFile = (name: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(fileText(name));
    } catch (err) {
      if (err instanceof ArtifactError) throw err;
      throw new ArtifactError(`${artifactPath(zipPath, name)}: not valid JSON (${(err as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ArtifactError(`${artifactPath(zipPath, name)}: expected a JSON object`);
    }
    return value as Record<string, unknown>;
  };

  const manifest = jsonFile("manifest.json");
  const prefix = Object.keys(manifest).find((k) => manifest[k] === "mxnet_module");
  const extraName = Object.keys(manifest).find((k) => manifest[k] === "json");
  if (!prefix) throw new ArtifactError(`${artifactPath(zipPath, "manifest.json")}: names no "mxnet_module" entry`);

  const extra = extraName ? jsonFile(extraName) : {};
  const predictorType = extra.predictor_type as PredictorType;
  if (!PREDICTOR_TYPES.includes(predictorType)) {
    throw new ArtifactError(
      `${artifactPath(zipPath, extraName ?? "additional-params.json")}: predictor_type ${JSON.stringify(extra.predictor_type)} is not one of ${PREDICTOR_TYPES.join(", ")}`,
    );
  }
  const threshold = typeof extra.threshold === "number" ? extra.threshold : 0.5;

  const symbolName = `${prefix}-symbol.json`;
  const paramsNames = [...files.keys()].filter((n) => n.startsWith(`${prefix}-`) && /-\d{4}\.params$/.test(n)).sort();
  const paramsName = paramsNames.at(-1) ?? `${prefix}-0000.params`;
  const graph = parseSymbolGraph(fileText(symbolName), artifactPath(zipPath, symbolName));
  const paramsPath = artifactPath(zipPath, paramsName);
  const params = new Map<string, Tensor>();
  for (const array of decodeParams(fileBytes(paramsName), paramsPath)) {
    const name = array.name.replace(/^(arg|aux):/, "");
    if (params.has(name)) throw new ArtifactError(`${paramsPath}: parameter ${name} appears twice`);
    params.set(name, { shape: array.shape, data: array.data });
  }
  const compiled = compileGraph(graph, params, artifactPath(zipPath, symbolName));
  const model = new LinearLearnerModel(predictorType, compiled, threshold);
  const expected = predictorType === "multiclass_classifier" ? "at least 2" : "1";
  if (
    compiled.outputShape[0] !== 1 ||
    (predictorType === "multiclass_classifier" ? model.outputCount < 2 : model.outputCount !== 1)
  ) {
    throw new ArtifactError(
      `${artifactPath(zipPath, symbolName)}: a ${predictorType} must output ${expected} score(s) per row, the graph gives shape (${compiled.outputShape.join(", ")}) for one row`,
    );
  }
  return model;
}
