/**
 * The AWS query protocol (CloudWatch as Debian's awscli/boto3 send it): a form-encoded body
 * `Action=GetMetricStatistics&Version=2010-08-01&Dimensions.member.1.Name=…`, XML responses
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` with member-wrapped lists.
 */
import { decodedBody } from "./content-encoding";
import { ServiceError, asServiceError } from "../errors";
import { parseQuery, queryValue, type Incoming, type Reply } from "../http";
import { fromQuery, inputShapeOf, type InputShapes, type InvalidValue } from "./shapes";
import { xmlDocument } from "./xml";
import type { Operations, Protocol } from "./types";
import { resourceOf } from "./types";

export interface QueryOptions {
  xmlns: string;
  /** Each operation's input shape: the form's text is read into its members' types. */
  inputShapes: InputShapes;
  /** The service's answer to a value that is not of its member's type. */
  invalidValue: InvalidValue;
}

export function queryProtocol({ xmlns, inputShapes, invalidValue }: QueryOptions, operations: Operations): Protocol {
  const handle: Protocol["handle"] = async (req: Incoming, ctx) => {
    let operation = "";
    let input: unknown;
    try {
      const params = req.method === "POST" ? parseQuery(decodedBody(req, ctx.body).toString("utf8")) : req.query;
      operation = queryValue(params, "Action") ?? "";
      const op = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      const shape = inputShapeOf(inputShapes, operation);
      if (!op || !shape)
        throw new ServiceError("InvalidAction", `The action ${operation} is not valid for this web service.`, 400);
      input = fromQuery(shape, decodeQueryParams(params), "", invalidValue);
      const output = await op(input, ctx);
      const body = { [`${operation}Result`]: output, ResponseMetadata: { RequestId: ctx.requestId } };
      const reply: Reply = {
        status: 200,
        headers: { "content-type": "text/xml", "x-amzn-requestid": ctx.requestId },
        body: xmlDocument(`${operation}Response`, body, "member", xmlns),
      };
      return { operation, resource: resourceOf(input), reply };
    } catch (e) {
      const error = asServiceError(e);
      return { operation, resource: resourceOf(input), reply: queryErrorReply(error, xmlns, ctx.requestId), error };
    }
  };
  return { handle, errorReply: (error, _req, requestId) => queryErrorReply(error, xmlns, requestId) };
}

function queryErrorReply(error: ServiceError, xmlns: string, requestId: string): Reply {
  const body = { Error: { Type: error.fault, Code: error.code, Message: error.message }, RequestId: requestId };
  return {
    status: error.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: xmlDocument("ErrorResponse", body, "member", xmlns),
  };
}

/**
 * `A.member.2.B=x` → `{ A: [undefined, { B: "x" }] }` compacted: `member.N` and `entry.N`
 * segments become list positions (in index order, holes dropped), everything else nested
 * objects. Values stay strings here; the operation's input shape types them (shapes.ts).
 * The tree is built in Maps and written out with Object.fromEntries, so a parameter named
 * `__proto__.x` or `constructor.prototype.x` is an ordinary member, never a prototype, and a huge
 * index never allocates a sparse array. A name that is both a value and a parent (`A=1&A.B=2`):
 * the later parameter wins. A name of more than MAX_NAME_SEGMENTS dotted parts is no parameter
 * of any API and is ignored (the tree is built and read recursively).
 */
const MAX_NAME_SEGMENTS = 32;

interface Tree {
  list: boolean;
  children: Map<string | number, Tree | string>;
}

function decodeQueryParams(params: Record<string, string | string[]>): Record<string, unknown> {
  const root: Tree = { list: false, children: new Map() };
  for (const [name, raw] of Object.entries(params)) {
    if (name === "Action" || name === "Version") continue;
    const value = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
    const parts = name.split(".");
    // No API parameter is nested this deep; such a name is not one AWS knows, and is ignored.
    if (parts.length > MAX_NAME_SEGMENTS) continue;
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if ((part === "member" || part === "entry") && i + 1 < parts.length && /^\d+$/.test(parts[i + 1]!)) continue;
      const key: string | number =
        /^\d+$/.test(part) && (parts[i - 1] === "member" || parts[i - 1] === "entry") ? Number(part) : part;
      if (i === parts.length - 1) {
        node.children.set(key, value);
        break;
      }
      let child = node.children.get(key);
      if (typeof child !== "object") {
        child = { list: parts[i + 1] === "member" || parts[i + 1] === "entry", children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
  }
  return materialise(root) as Record<string, unknown>;
}

function materialise(tree: Tree | string): unknown {
  if (typeof tree === "string") return tree;
  const entries = [...tree.children];
  if (tree.list) {
    return entries
      .filter((e): e is [number, Tree | string] => typeof e[0] === "number" && e[0] >= 1)
      .sort(([a], [b]) => a - b)
      .map(([, v]) => materialise(v));
  }
  return Object.fromEntries(entries.map(([k, v]) => [String(k), materialise(v)]));
}
