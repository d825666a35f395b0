/**
 * Loads an XGBoost `model.tar.gz` for the emulator's XGBoost container.
 * The model file is `xgboost-model`, or the archive's only file (the
 * container loads whatever single file it finds). Only XGBoost's JSON model
 * format is read; other formats are recognised and named in the error. Every
 * failure is an `ArtifactError` whose message starts `Unable to load model:`,
 * which the container answers each invocation with (HTTP 500).
 */
import { readTarGz } from "../archive/tar-gz";
import { ArtifactError, artifactPath, hexPrefix } from "../errors";
import { XgboostModel } from "./xgboost-model";
import { parseXgboostJson } from "./xgboost-json-model";

export const MODEL_FILE = "xgboost-model";
const PREFIX = "Unable to load model:";

export function loadXgboostArtifact(tarGz: Uint8Array, source: string): XgboostModel {
  try {
    const members = readTarGz(tarGz, source);
    const names = [...members.keys()];
    const name = members.has(MODEL_FILE) ? MODEL_FILE : names.length === 1 ? names[0]! : null;
    if (!name)
      throw new ArtifactError(`${source}: no ${MODEL_FILE} file (the archive holds: ${names.join(", ") || "nothing"})`);
    const file = artifactPath(source, name);
    const bytes = members.get(name)!;
    const notJson = describeNonJson(bytes);
    if (notJson) throw new ArtifactError(`${file}: not an XGBoost JSON model: ${notJson}`);
    return new XgboostModel(parseXgboostJson(new TextDecoder().decode(bytes), file));
  } catch (err) {
    if (err instanceof ArtifactError) throw new ArtifactError(`${PREFIX} ${err.message}`);
    throw err;
  }
}

/** Recognises the formats XGBoost artifacts come in besides JSON. */
function describeNonJson(bytes: Uint8Array): string | null {
  const start = bytes.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  const first = bytes[start];
  if (first === 0x7b) {
    // UBJSON also opens with '{', followed by a type marker instead of whitespace or '"'.
    return /[iUIlLdD$#]/.test(String.fromCharCode(bytes[start + 1] ?? 0))
      ? "it is in UBJSON format (only JSON is supported)"
      : null;
  }
  if (bytes[0] === 0x80) return "it is a Python pickle (pre-1.3 containers); only the JSON model format is supported";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "it is a zip archive (a linear-learner model_algo-1?)";
  if (new TextDecoder().decode(bytes.subarray(0, 4)) === "binf")
    return "it is in XGBoost's legacy binary format; only the JSON model format is supported";
  return `unrecognised content (first bytes ${hexPrefix(bytes)})`;
}
