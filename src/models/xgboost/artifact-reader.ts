/**
 * Loads an XGBoost `model.tar.gz` for the emulator's XGBoost container.
 * The model file is `xgboost-model`, or the archive's only file (the
 * container loads whatever single file it finds), in any of XGBoost's model formats
 * (model-file.ts) the serving image's XGBoost reads (image-versions.ts); other contents are
 * recognised and named in the error. Every
 * failure is an `ArtifactError` whose message starts `Unable to load model:`,
 * which the container answers each invocation with (HTTP 500).
 */
import { readTarGz } from "../archive/tar-gz";
import { readTarGzStreamed } from "../archive/tar-gz-stream";
import type { KeepMember } from "../archive/tar-reader";
import { ArtifactError, artifactPath } from "../errors";
import { unreadableBy, type XgboostImage } from "./image-versions";
import { modelFormatOf, parseXgboostModelFile } from "./model-file";
import { XgboostModel } from "./xgboost-model";
import type { XgboostForest } from "./xgboost-json-model";
import { parseXgboostModelOffThread } from "./parse-off-thread";

export const MODEL_FILE = "xgboost-model";
const PREFIX = "Unable to load model:";

/** A model file up to this size is parsed at once (tens of milliseconds); a larger one on a worker thread. */
const PARSE_IN_PLACE_BYTES = 256 * 1024;

/** `image`: the XGBoost image serving it, which reads only the formats of its XGBoost version (image-versions.ts). */
export function loadXgboostArtifact(tarGz: Uint8Array, source: string, image?: XgboostImage): XgboostModel {
  return prefixed(() => {
    const files = readTarGz(tarGz, source);
    const { file, bytes } = modelFile(files, [...files.keys()], source, image);
    return new XgboostModel(parseXgboostModelFile(bytes, file));
  });
}

/**
 * loadXgboostArtifact with the archive inflated as a stream (only the model file kept) and a large
 * model parsed on a worker thread, so loading never holds the event loop for long.
 */
export async function loadXgboostArtifactStreamed(
  tarGz: Uint8Array,
  source: string,
  image?: XgboostImage,
): Promise<XgboostModel> {
  return prefixed(async () => {
    const { files, names } = await readTarGzStreamed(tarGz, source, keepModelCandidates);
    const { file, bytes } = modelFile(files, names, source, image);
    const forest: XgboostForest =
      bytes.length <= PARSE_IN_PLACE_BYTES
        ? parseXgboostModelFile(bytes, file)
        : await parseXgboostModelOffThread(bytes, file);
    return new XgboostModel(forest);
  });
}

/** `xgboost-model`, and the first file in case it is the only one. */
const keepModelCandidates: KeepMember = (name, order) => name === MODEL_FILE || order === 0;

function modelFile(files: Map<string, Uint8Array>, names: string[], source: string, image?: XgboostImage) {
  const name = files.has(MODEL_FILE) ? MODEL_FILE : names.length === 1 ? names[0]! : null;
  if (!name)
    throw new ArtifactError(`${source}: no ${MODEL_FILE} file (the archive holds: ${names.join(", ") || "nothing"})`);
  const file = artifactPath(source, name);
  const bytes = files.get(name)!;
  const format = modelFormatOf(bytes, file);
  const unreadable = image && unreadableBy(image, format);
  if (unreadable) throw new ArtifactError(`${file}: ${unreadable}`);
  return { file, bytes };
}

function prefixed<T>(load: () => T): T {
  const rethrow = (err: unknown): never => {
    if (err instanceof ArtifactError) throw new ArtifactError(`${PREFIX} ${err.message}`);
    throw err;
  };
  try {
    const result = load();
    return (result instanceof Promise ? result.catch(rethrow) : result) as T;
  } catch (err) {
    return rethrow(err);
  }
}
