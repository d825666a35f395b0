/**
 * Turns a linear-learner inference request into a feature matrix.
 *
 *  - `text/csv`: one row per line, features only (see `parseCsvRows`).
 *  - `application/json`: `{"instances": [instance, …]}` or one bare instance.
 *  - `application/jsonlines`: one instance per line.
 *
 * An instance is `{"features": [..]}` or the protobuf-equivalent
 * `{"data": {"features": {"values": [..], "keys": [..]?, "shape": [F]?}}}`
 * (with `keys`, a sparse vector: unlisted features are 0).
 *
 * Every refusal is a 400 whose message starts like the container's
 * (`Unable to evaluate payload provided: …`) and names the row or instance.
 */
import { PayloadError } from "../serving/model-server";
import { CsvRowError, type FloatMatrix, parseCsvRows } from "../serving/csv-rows";

const PREFIX = "Unable to evaluate payload provided:";

function refuse(why: string): never {
  throw new PayloadError(400, `${PREFIX} ${why}`);
}

export function parseCsvPayload(text: string, featureCount: number): FloatMatrix {
  try {
    return nonEmpty(parseCsvRows(text, { columns: featureCount, allowFewer: false, allowMissing: false }));
  } catch (err) {
    if (!(err instanceof CsvRowError)) throw err;
    const p = err.problem;
    return p.kind === "columns"
      ? refuse(
          `Feature size of csv inference data ${p.found} is not consistent with feature size of trained model ${p.expected} (row ${p.line}).`,
        )
      : refuse(`could not convert string to float: '${p.text}' (row ${p.line}, column ${p.column}).`);
  }
}

export function parseJsonPayload(text: string, featureCount: number): FloatMatrix {
  const body = parseJson(text, "the payload");
  const instances =
    isObject(body) && Array.isArray(body.instances)
      ? body.instances
      : isObject(body) && ("features" in body || "data" in body)
        ? [body]
        : null;
  if (!instances) refuse(`JSON payload must be {"instances": [...]} or {"features": [...]}.`);
  return toMatrix(instances, featureCount, (i) => `instance ${i + 1}`);
}

export function parseJsonLinesPayload(text: string, featureCount: number): FloatMatrix {
  const lines = text
    .split("\n")
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter((l) => l.line !== "");
  const instances = lines.map((l) => parseJson(l.line, `line ${l.number}`));
  return toMatrix(instances, featureCount, (i) => `line ${lines[i]!.number}`);
}

function toMatrix(instances: unknown[], featureCount: number, where: (i: number) => string): FloatMatrix {
  const values = new Float32Array(instances.length * featureCount);
  instances.forEach((instance, i) => values.set(denseFeatures(instance, featureCount, where(i)), i * featureCount));
  return nonEmpty({ rows: instances.length, columns: featureCount, values });
}

function denseFeatures(instance: unknown, featureCount: number, where: string): Float32Array {
  const features = isObject(instance)
    ? "features" in instance
      ? instance.features
      : isObject(instance.data)
        ? instance.data.features
        : undefined
    : undefined;
  if (Array.isArray(features)) return dense(features, featureCount, where);
  if (isObject(features) && Array.isArray(features.values)) {
    if (
      features.keys === undefined ||
      (Array.isArray(features.keys) && features.keys.length === 0 && features.values.length === featureCount)
    ) {
      return dense(features.values, featureCount, where);
    }
    return sparse(features.keys, features.values, featureCount, where);
  }
  return refuse(`${where} has no "features" array.`);
}

function dense(list: unknown[], featureCount: number, where: string): Float32Array {
  if (list.length !== featureCount) {
    refuse(
      `Feature size of json inference data ${list.length} is not consistent with feature size of trained model ${featureCount} (${where}).`,
    );
  }
  return Float32Array.from(list, (v, k) => number(v, `${where}, feature ${k + 1}`));
}

function sparse(keys: unknown, values: unknown[], featureCount: number, where: string): Float32Array {
  if (!Array.isArray(keys) || keys.length !== values.length)
    refuse(`${where}: "keys" and "values" must be arrays of the same length.`);
  const out = new Float32Array(featureCount);
  keys.forEach((key, k) => {
    if (!Number.isInteger(key) || (key as number) < 0 || (key as number) >= featureCount) {
      refuse(`${where}: key ${JSON.stringify(key)} is not a feature index below ${featureCount}.`);
    }
    out[key as number] = number(values[k], `${where}, key ${key}`);
  });
  return out;
}

function number(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(Math.fround(v)))
    refuse(`${where}: ${JSON.stringify(v)} is not a finite number.`);
  return v;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return refuse(`${where} is not valid JSON (${(err as Error).message}).`);
  }
}

function nonEmpty(matrix: FloatMatrix): FloatMatrix {
  if (matrix.rows === 0) refuse("the payload has no rows.");
  return matrix;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
