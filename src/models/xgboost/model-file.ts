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

/**
 * A pickled Booster's model: a `{Config, Model}` snapshot (UBJSON or JSON), a binary model, or –
 * XGBoost 1.0 to 1.5 (the SageMaker 1.0-1 and 1.2 images) – `CONFIG-offset:`, the binary model's
 * length (i64), the binary model, then its JSON configuration (learner.cc's serialisation).
 */
function parseBoosterPickle(bytes: Uint8Array, file: string): XgboostForest {
  const handle = boosterHandleOf(bytes, file);
  const where = `${file} (the pickled Booster's model)`;
  const binary = configOffsetModel(handle, where);
  if (binary) return xgboostForestOf(decodeLegacyBinary(binary, where), where);
  const format = modelFormatOf(handle, where);
  if (format === "binary" || format === "pickle") return parseXgboostModelFile(handle, where);
  const snapshot =
    format === "ubjson" ? decodeUbjson(handle, where) : (JSON.parse(new TextDecoder().decode(handle)) as unknown);
  const model = (snapshot as { Model?: unknown }).Model;
  return xgboostForestOf(model ?? snapshot, where);
}

const CONFIG_OFFSET = "CONFIG-offset:";

/** The binary model of an XGBoost 1.0–1.5 snapshot, or undefined when `handle` is none. */
function configOffsetModel(handle: Uint8Array, where: string): Uint8Array | undefined {
  if (new TextDecoder().decode(handle.subarray(0, CONFIG_OFFSET.length)) !== CONFIG_OFFSET) return undefined;
  const start = CONFIG_OFFSET.length + 8;
  const view = new DataView(handle.buffer, handle.byteOffset, handle.byteLength);
  const length = handle.length >= start ? view.getBigInt64(CONFIG_OFFSET.length, true) : -1n;
  if (length < 0n || length > BigInt(handle.length - start))
    throw new ArtifactError(`${where}: not a valid XGBoost snapshot: the binary model's length runs past its end`);
  return handle.subarray(start, start + Number(length));
}
