/**
 * awsJson1_0 / awsJson1_1: `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body;
 * timestamps as epoch seconds. With awsQueryCompatible (CloudWatch) errors also carry
 * `x-amzn-query-error: <Code>;<Sender|Receiver>`, which the JS client reads for the error code.
 */
import { ServiceError, isServiceError } from "../errors";
import type { Incoming, Reply } from "../http";
import { epochSeconds, formatDates } from "./values";
import type { Operations, ProtocolHandler } from "./types";
import { resourceOf } from "./types";

export interface AwsJsonOptions {
  version: "1.0" | "1.1";
  targetPrefix: string;
  operations: Operations;
  queryCompatible?: boolean;
}

export function awsJsonHandler({ version, targetPrefix, operations, queryCompatible = false }: AwsJsonOptions): ProtocolHandler {
  const contentType = `application/x-amz-json-${version}`;
  return async (req: Incoming, ctx) => {
    const target = req.headers["x-amz-target"] ?? "";
    const operation = target.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : target;
    let input: unknown;
    try {
      input = parseBody(ctx.body);
      const op = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      if (!op) throw new ServiceError("UnknownOperationException", `Unknown operation ${target}`, 400);
      const output = await op(input, ctx);
      const reply: Reply = {
        status: 200,
        headers: { "content-type": contentType, "x-amzn-requestid": ctx.requestId },
        body: JSON.stringify(formatDates(output ?? {}, epochSeconds)),
      };
      return { operation, resource: resourceOf(input), reply };
    } catch (e) {
      const error = asServiceError(e);
      return { operation, resource: resourceOf(input), reply: jsonErrorReply(error, contentType, ctx.requestId, queryCompatible), error };
    }
  };
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through to the AWS error below
  }
  throw new ServiceError("SerializationException", "Start of structure or map found where not expected.", 400);
}

export function asServiceError(e: unknown): ServiceError {
  if (isServiceError(e)) return e;
  return new ServiceError("InternalFailure", e instanceof Error ? e.message : String(e), 500);
}

export function jsonErrorReply(error: ServiceError, contentType: string, requestId: string, queryCompatible = false): Reply {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-amzn-errortype": error.code,
    "x-amzn-requestid": requestId,
  };
  if (queryCompatible) headers["x-amzn-query-error"] = `${error.code};${error.fault}`;
  return { status: error.status, headers, body: JSON.stringify({ __type: error.code, message: error.message, ...error.details }) };
}
