/**
 * Decoding a request's members by its operation's input shape (the API model's schema, as the AWS
 * SDK clients ship it), so a behaviour receives its typed input whichever protocol carried it:
 * numbers as numbers, booleans as booleans, timestamps as Dates, lists as arrays, structures with
 * only their modelled members. The query protocol sends every value as text; awsJson sends typed
 * JSON, and a value of the wrong JSON type is a SerializationException, as AWS answers it.
 * Recursion follows the shape, so its depth is the model's, never the request's.
 */
import { NormalizedSchema } from "@smithy/core/schema";
import { ServiceError } from "../errors";

/** Operation name → its input shape (a schema as the SDK clients export them, e.g. `PutMetricDataInput$`). */
export type InputShapes = Readonly<Record<string, Parameters<typeof NormalizedSchema.of>[0]>>;

/** The error for a query value that is not of its member's type (`path` is the parameter's name). */
export type InvalidValue = (path: string, value: string) => ServiceError;

/** A member of the wrong JSON type never reaches validation on AWS: the request fails to deserialise. */
export const serializationException = (path: string) =>
  new ServiceError("SerializationException", `Unexpected value type for member '${path}'.`, 400);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A query value (the form's text, nested by protocols/query.ts) read as `shape` says. */
export function fromQuery(shape: NormalizedSchema, value: unknown, path: string, invalid: InvalidValue): unknown {
  if (shape.isStructSchema()) {
    const members = isRecord(value) ? value : {};
    const out: Record<string, unknown> = {};
    for (const [name, member] of shape.structIterator())
      if (members[name] !== undefined)
        out[name] = fromQuery(member, members[name], path ? `${path}.${name}` : name, invalid);
    return out;
  }
  if (shape.isListSchema()) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, i) => fromQuery(shape.getValueSchema(), item, `${path}.member.${i + 1}`, invalid));
  }
  if (shape.isMapSchema()) {
    const entries = Array.isArray(value) ? value : [];
    return Object.fromEntries(
      entries
        .filter(isRecord)
        .map((e, i) => [
          String(e["key"]),
          fromQuery(shape.getValueSchema(), e["value"], `${path}.entry.${i + 1}.value`, invalid),
        ]),
    );
  }
  if (typeof value !== "string") return value;
  if (shape.isNumericSchema()) {
    const n = value.trim() === "" ? NaN : Number(value);
    if (!Number.isFinite(n)) throw invalid(path, value);
    return n;
  }
  if (shape.isBooleanSchema()) {
    if (value !== "true" && value !== "false") throw invalid(path, value);
    return value === "true";
  }
  if (shape.isTimestampSchema()) {
    const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (Number.isNaN(ms)) throw invalid(path, value);
    return new Date(ms);
  }
  return value;
}

/** How a JSON protocol reads a request beyond its shape. */
export interface JsonReading {
  /**
   * A query-compatible API (CloudWatch) reads a JSON request as it reads the query form: a null
   * list member is an empty one, as `MetricData.member.1` sent without fields. Elsewhere a list
   * member cannot be null: the request does not deserialise.
   */
  queryCompatible?: boolean;
}

/** A member's path as AWS's messages write it: `productionVariants.1.member.initialInstanceCount`. */
const memberPath = (parent: string, name: string): string => {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return parent ? `${parent}.${member}` : member;
};

/** A parsed JSON value read as `shape` says: null is absent, epoch seconds become Dates. */
export function fromJson(shape: NormalizedSchema, value: unknown, path: string, reading: JsonReading = {}): unknown {
  if (value === null || value === undefined) return shape.isStructSchema() ? {} : undefined;
  if (shape.isStructSchema()) {
    if (!isRecord(value)) throw serializationException(path);
    const out: Record<string, unknown> = {};
    for (const [name, member] of shape.structIterator())
      if (value[name] !== undefined && value[name] !== null)
        out[name] = fromJson(member, value[name], memberPath(path, name), reading);
    return out;
  }
  if (shape.isListSchema()) {
    if (!Array.isArray(value)) throw serializationException(path);
    return value.map((item, i) => {
      const itemPath = `${path}.${i + 1}.member`;
      if ((item === null || item === undefined) && !reading.queryCompatible) throw serializationException(itemPath);
      return fromJson(shape.getValueSchema(), item, itemPath, reading);
    });
  }
  if (shape.isMapSchema()) {
    if (!isRecord(value)) throw serializationException(path);
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fromJson(shape.getValueSchema(), v, path, reading)]),
    );
  }
  if (shape.isNumericSchema()) {
    if (typeof value !== "number") throw serializationException(path);
    return value;
  }
  if (shape.isBooleanSchema()) {
    if (typeof value !== "boolean") throw serializationException(path);
    return value;
  }
  if (shape.isTimestampSchema()) {
    // Past ±8.64e12 s (year 275760) no Date holds it.
    const date = typeof value === "number" ? new Date(value * 1000) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw serializationException(path);
    return date;
  }
  if (shape.isStringSchema()) {
    if (typeof value !== "string") throw serializationException(path);
    return value;
  }
  return value;
}

/** The normalized input shape of `operation`, if the table has one. */
export function inputShapeOf(shapes: InputShapes | undefined, operation: string): NormalizedSchema | undefined {
  return shapes && Object.hasOwn(shapes, operation) ? NormalizedSchema.of(shapes[operation]!) : undefined;
}
