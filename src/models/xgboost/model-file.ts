/**
 * An `xgboost-model` file in the formats read here – XGBoost's JSON and UBJSON model documents and
 * its legacy binary format – parsed into a forest; other contents are recognised and named.
 */
import { ArtifactError, hexPrefix } from "../errors";
import { boosterHandleOf } from "./booster-pickle";
import { decodeLegacyBinary } from "./legacy-binary";
import { decodeUbjson } from "./ubjson";
import { type XgboostForest, parseXgboostJson, xgboostForestOf } from "./xgboost-json-model";

export type ModelFormat = "json" | "ubjson" | "binary" | "pickle";

/** The file's format, or throws naming what it is instead. */
export function modelFormatOf(bytes: Uint8Array, file: string): ModelFormat {
  const start = bytes.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (bytes[start] === 0x7b) {
    // UBJSON also opens with '{', followed by a type marker (a key's length) instead of whitespace or '"'.
    return /[iUIlLdD$#]/.test(String.fromCharCode(bytes[start + 1] ?? 0)) ? "ubjson" : "json";
  }
  const unsupported = (why: string): never => {
    throw new ArtifactError(`${file}: not an XGBoost model: ${why}`);
  };
  if (bytes[0] === 0x80) return "pickle";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    return unsupported("it is a zip archive (a linear-learner model_algo-1?)");
  if (new TextDecoder().decode(bytes.subarray(0, 4)) === "binf") return "binary";
  return unsupported(`unrecognised content (first bytes ${hexPrefix(bytes)})`);
}

export function parseXgboostModelFile(bytes: Uint8Array, file: string): XgboostForest {
  switch (modelFormatOf(bytes, file)) {
    case "ubjson":
      return xgboostForestOf(decodeUbjson(bytes, file), file);
    case "binary":
      return xgboostForestOf(decodeLegacyBinary(bytes, file), file);
    case "pickle":
      return parseBoosterPickle(bytes, file);
    default:
      return parseXgboostJson(new TextDecoder().decode(bytes), file);
  }
}

/** A pickled Booster's model: a `{Config, Model}` snapshot (UBJSON or JSON) or a binary model. */
function parseBoosterPickle(bytes: Uint8Array, file: string): XgboostForest {
  const handle = boosterHandleOf(bytes, file);
  const where = `${file} (the pickled Booster's model)`;
  const format = modelFormatOf(handle, where);
  if (format === "binary" || format === "pickle") return parseXgboostModelFile(handle, where);
  const snapshot =
    format === "ubjson" ? decodeUbjson(handle, where) : (JSON.parse(new TextDecoder().decode(handle)) as unknown);
  const model = (snapshot as { Model?: unknown }).Model;
  return xgboostForestOf(model ?? snapshot, where);
}
