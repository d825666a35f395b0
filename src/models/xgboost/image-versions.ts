/**
 * Which model formats each SageMaker XGBoost image reads. Every image's model server tries
 * Python's pickle first and then XGBoost's `Booster.load_model` (sagemaker-xgboost-container,
 * serve_utils.get_loaded_booster), so an image reads a pickled Booster and whatever the XGBoost
 * inside it reads: the legacy binary format always, JSON from XGBoost 1.0, UBJSON from 1.6
 * (XGBoost's "Introduction to Model IO"). The XGBoost version is the image tag's framework
 * version (`1.5-1` → 1.5); the first-generation `xgboost` repository (`xgboost:1`, `:latest`)
 * runs XGBoost 0.72. A tag that names no version (a digest, a custom tag) reads every format.
 */
import type { ModelFormat } from "./model-file";

export interface XgboostImage {
  /** The image's tag, as the user wrote it. */
  tag: string;
  /** The XGBoost version inside, major.minor. */
  version: string;
}

const FORMAT_NAMES: Record<ModelFormat, string> = {
  json: "JSON",
  ubjson: "UBJSON",
  binary: "legacy binary",
  pickle: "pickle",
};

/** The XGBoost release from which `load_model` reads a format (undefined: every release). */
const READ_FROM: Partial<Record<ModelFormat, [number, number]>> = { json: [1, 0], ubjson: [1, 6] };

/** The XGBoost image an image URI names, or undefined when its tag names no version. */
export function xgboostImageOf(image: string): XgboostImage | undefined {
  const path = image.slice(image.indexOf("/") + 1);
  const [repository = "", tag = ""] = path.split("@")[0]!.split(":");
  if (repository === "xgboost") return { tag: tag || "latest", version: "0.72" };
  const version = /^(\d+)\.(\d+)-/.exec(tag);
  return version ? { tag, version: `${Number(version[1])}.${version[2]}` } : undefined;
}

/** Why `image` cannot read a model file in `format`, or undefined when it can. */
export function unreadableBy(image: XgboostImage, format: ModelFormat): string | undefined {
  const from = READ_FROM[format];
  if (!from) return undefined;
  const [major, minor] = image.version.split(".").map(Number) as [number, number];
  if (major > from[0] || (major === from[0] && minor >= from[1])) return undefined;
  const since = `${from[0]}.${from[1]}`;
  return (
    `it is in XGBoost's ${FORMAT_NAMES[format]} model format, which XGBoost reads from ${since} on; ` +
    `image tag ${image.tag} runs XGBoost ${image.version} (save the model in a format it reads, or use a later image)`
  );
}
