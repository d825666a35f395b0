/**
 * Constraint checks of every service, phrased as AWS's (Coral) validation layer phrases them:
 *   1 validation error detected: Value 'x' at 'modelName' failed to satisfy constraint: Member must …
 *   2 validation errors detected: …; …
 * Several constraints failed by one member are joined with ", " in one error (inferred from AWS
 * responses that list e.g. a length and a pattern failure together). What the failures become
 * on the wire is the service's: SageMaker answers ValidationException, the Runtime and CloudWatch
 * ValidationError, S3 its own code per member — each passes its report to the Validator.
 */
import type { ServiceError } from "../errors";
import { serializationException } from "../protocols/shapes";
import { percentDecoded } from "../s3-uri";

type Value = unknown;

/** One member's failed constraints. */
export interface ConstraintFailure {
  path: string;
  value: Value;
  constraints: string[];
}

/** The error a service answers for the failures one Validator collected, in the order they were found. */
export type FailureReport = (failures: [ConstraintFailure, ...ConstraintFailure[]]) => ServiceError;

/** A report of all failures in one message (AWS's validation layer), under the code `build` gives. */
export const reportAs =
  (build: (message: string) => ServiceError): FailureReport =>
  (failures) =>
    build(validationMessage(failures));

function validationMessage(failures: ConstraintFailure[]): string {
  const parts = failures.map(
    ({ path, value, constraints }) =>
      `Value ${show(value)} at '${path}' failed to satisfy constraint: ${constraints.join(", ")}`,
  );
  const n = parts.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}

export class Validator {
  private readonly errors = new Map<string, { value: Value; constraints: string[] }>();

  constructor(private readonly report: FailureReport) {}

  private fail(path: string, value: Value, constraint: string): void {
    const entry = this.errors.get(path) ?? { value, constraints: [] };
    entry.constraints.push(constraint);
    this.errors.set(path, entry);
  }

  /** Returns false (and records "must not be null") when the value is missing. */
  required(path: string, value: Value): boolean {
    if (value !== undefined && value !== null) return true;
    this.fail(path, null, "Member must not be null");
    return false;
  }

  string(path: string, value: Value, rules: { min?: number; max?: number; pattern?: RegExp }): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") throw serializationException(path);
    if (rules.min !== undefined && value.length < rules.min)
      this.fail(path, value, `Member must have length greater than or equal to ${rules.min}`);
    if (rules.max !== undefined && value.length > rules.max)
      this.fail(path, value, `Member must have length less than or equal to ${rules.max}`);
    if (rules.pattern && !rules.pattern.test(value))
      this.fail(path, value, `Member must satisfy regular expression pattern: ${rules.pattern.source}`);
  }

  /** An S3 URL whose %-escapes decode (wording inferred: AWS's patterns let `%zz` through, and no object has such a name). */
  s3Url(path: string, value: Value): void {
    if (typeof value === "string" && percentDecoded(value) === undefined)
      this.fail(path, value, "Member must be a URL with valid percent-encoding");
  }

  number(path: string, value: Value, rules: { min?: number; max?: number }): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "number") throw serializationException(path);
    if (rules.min !== undefined && value < rules.min)
      this.fail(path, value, `Member must have value greater than or equal to ${rules.min}`);
    if (rules.max !== undefined && value > rules.max)
      this.fail(path, value, `Member must have value less than or equal to ${rules.max}`);
  }

  /** An integer member: a JSON number with a fraction (1.5) does not deserialise into it (inferred: SerializationException). */
  integer(path: string, value: Value, rules: { min?: number; max?: number }): void {
    if (typeof value === "number" && !Number.isInteger(value)) throw serializationException(path);
    this.number(path, value, rules);
  }

  boolean(path: string, value: Value): void {
    if (value !== undefined && value !== null && typeof value !== "boolean") throw serializationException(path);
  }

  /** An integer member restricted to listed values (a Smithy intEnum, e.g. MetricPublishFrequencyInSeconds). */
  intEnum(path: string, value: Value, allowed: readonly number[]): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "number" || !Number.isInteger(value)) throw serializationException(path);
    if (!allowed.includes(value)) this.fail(path, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }

  oneOf(path: string, value: Value, allowed: readonly string[]): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") throw serializationException(path);
    if (!allowed.includes(value)) this.fail(path, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }

  /** A structure member must be a JSON object; returns false when it is absent. */
  structure(path: string, value: Value): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== "object" || Array.isArray(value)) throw serializationException(path);
    return true;
  }

  /** Validates a list's length and each member (path `<list>.<n>.member`, 1-based as AWS writes it). */
  list<T>(
    path: string,
    value: Value,
    rules: { min?: number; max?: number },
    each?: (memberPath: string, item: T) => void,
  ): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) throw serializationException(path);
    if (rules.min !== undefined && value.length < rules.min)
      this.fail(path, value, `Member must have length greater than or equal to ${rules.min}`);
    if (rules.max !== undefined && value.length > rules.max)
      this.fail(path, value, `Member must have length less than or equal to ${rules.max}`);
    // A null member is not a T: the request does not deserialise (and `each` never sees null).
    value.forEach((item: unknown, i) => {
      if (item === null || item === undefined) throw serializationException(`${path}.${i + 1}.member`);
    });
    if (each) value.forEach((item: T, i) => each(`${path}.${i + 1}.member`, item));
  }

  /** Throws the service's error for the failures collected so far, if any. */
  check(): void {
    const [first, ...more] = [...this.errors].map(([path, { value, constraints }]) => ({ path, value, constraints }));
    if (first) throw this.report([first, ...more]);
  }
}

function show(value: Value): string {
  if (value === null) return "null";
  if (value === undefined || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return `'${String(value)}'`;
  return `'${JSON.stringify(value)}'`;
}
