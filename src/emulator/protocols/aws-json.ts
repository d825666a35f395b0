/**
 * awsJson1_0 / awsJson1_1: `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body;
 * timestamps as epoch seconds. With awsQueryCompatible (CloudWatch) errors also carry
 * `x-amzn-query-error: <Code>;<Sender|Receiver>`, which the JS client reads for the error code.
 */
import { decodedBody } from "./content-encoding";
import { ServiceError, asServiceError } from "../errors";
import type { Incoming, Reply } from "../http";
import { fromJson, inputShapeOf, type InputShapes } from "./shapes";
import { epochSeconds, formatDates, jsonText } from "./values";
import type { Operations, Protocol } from "./types";
import { resourceOf } from "./types";

export interface AwsJsonOptions {
  version: "1.0" | "1.1";
  targetPrefix: string;
  queryCompatible?: boolean;
  /** Output members the API model types as floats, written with a fraction (`1.0`). */
  floatMembers?: ReadonlySet<string>;
  /** Each operation's input shape, when the service's behaviours take inputs typed by it (shapes.ts). */
  inputShapes?: InputShapes;
}

export function awsJsonProtocol(
  { version, targetPrefix, queryCompatible = false, floatMembers = new Set(), inputShapes }: AwsJsonOptions,
  operations: Operations,
): Protocol {
  const contentType = `application/x-amz-json-${version}`;
  const errorReply = (error: ServiceError, requestId: string) =>
    jsonErrorReply(error, contentType, requestId, queryCompatible);
  const handle: Protocol["handle"] = async (req: Incoming, ctx) => {
    const target = req.headers["x-amz-target"] ?? "";
    const operation = target.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : target;
    let input: unknown;
    try {
      input = parseBody(decodedBody(req, ctx.body));
      const op = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      if (!op) throw new ServiceError("UnknownOperationException", `Unknown operation ${target}`, 400);
      const shape = inputShapeOf(inputShapes, operation);
      if (shape) input = fromJson(shape, input, "", { queryCompatible });
      const output = await op(input, ctx);
      const reply: Reply = {
        status: 200,
        headers: { "content-type": contentType, "x-amzn-requestid": ctx.requestId },
        body: jsonText(formatDates(output ?? {}, epochSeconds), floatMembers),
      };
      return { operation, resource: resourceOf(input), reply };
    } catch (e) {
      const error = asServiceError(e);
      return { operation, resource: resourceOf(input), reply: errorReply(error, ctx.requestId), error };
    }
  };
  return { handle, errorReply: (error, _req, requestId) => errorReply(error, requestId) };
}

/**
 * No input of these APIs nests deeper than a dozen levels; a document nested deeper than this is
 * refused before any code walks it recursively (stores, validators, date formatting).
 */
const MAX_JSON_DEPTH = 64;

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    parsed = undefined; // the AWS error below
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ServiceError("SerializationException", "Start of structure or map found where not expected.", 400);
  if (depthOf(parsed) > MAX_JSON_DEPTH)
    throw new ServiceError(
      "SerializationException",
      `The JSON document is nested deeper than ${MAX_JSON_DEPTH} levels.`,
      400,
    ); // inferred wording
  return parsed;
}

/** Nesting depth of a parsed JSON value, without recursion (the value may be nested 100,000 deep). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > MAX_JSON_DEPTH) return max;
    if (node && typeof node === "object")
      for (const child of Object.values(node)) if (child && typeof child === "object") stack.push([child, depth + 1]);
  }
  return max;
}

function jsonErrorReply(error: ServiceError, contentType: string, requestId: string, queryCompatible = false): Reply {
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-amzn-errortype": error.code,
    "x-amzn-requestid": requestId,
  };
  if (queryCompatible) headers["x-amzn-query-error"] = `${error.code};${error.fault}`;
  return {
    status: error.status,
    headers,
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.details }),
  };
}
