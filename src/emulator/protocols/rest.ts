/**
 * The REST protocols (restJson1: SageMaker Runtime; restXml: S3). Which operation a request is,
 * and its input, come from the method, path, query, headers and body as the service's HTTP
 * bindings say (the API model's http traits, in each service's http.ts); the operation's output goes
 * back the same way, as status, headers and body.
 */
import { asServiceError, internalFailure, type ServiceError } from "../errors";
import type { Incoming, Reply } from "../http";
import type { Exchange, Operations, Protocol, RequestContext } from "./types";

/** Where one operation's input and output sit on HTTP. */
export interface HttpBinding {
  input(req: Incoming, ctx: RequestContext): unknown;
  /** `output` is what the operation returned; each binding declares that operation's output shape. */
  reply(output: unknown, ctx: RequestContext): Reply;
}

export interface RestRoute {
  /** The operation's name, also logged when the request is refused. */
  operation: string;
  /** What the request is about, for the log. */
  resource?: string;
  /** Set when the service has no such operation here: the error to answer. */
  refusal?: ServiceError;
}

export interface RestService {
  route(req: Incoming): RestRoute;
  bindings: Record<string, HttpBinding>;
  errorReply: (error: ServiceError, req: Incoming, requestId: string) => Reply;
}

export function restProtocol(service: RestService, operations: Operations): Protocol {
  const handle = async (req: Incoming, ctx: RequestContext): Promise<Exchange> => {
    const { operation, resource, refusal } = service.route(req);
    try {
      if (refusal) throw refusal;
      const binding = Object.hasOwn(service.bindings, operation) ? service.bindings[operation] : undefined;
      const op = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      // A route to an operation without a binding or a behaviour is a wiring bug.
      if (!binding || !op) throw internalFailure(undefined);
      const output = await op(binding.input(req, ctx), ctx);
      return { operation, resource, reply: binding.reply(output, ctx) };
    } catch (e) {
      const error = asServiceError(e);
      return { operation, resource, reply: service.errorReply(error, req, ctx.requestId), error };
    }
  };
  return { handle, errorReply: service.errorReply };
}
