/** SageMaker Runtime's restJson1 bindings: InvokeEndpoint's path and headers in, raw body and headers out. */
import { decodePath, type Incoming } from "../../http";
import type { InvokeEndpointInput, InvokeEndpointOutput } from "./invoke";
import type { RestService } from "../../protocols/rest";
import { restJsonErrorReply } from "../../protocols/rest-json";
import type { RequestContext } from "../../protocols/types";

/** InvokeEndpoint's path (`POST /endpoints/{EndpointName}/invocations`); the router sends it here. */
export const INVOKE_PATH = /^\/endpoints\/([^/]+)\/invocations$/;

/** A name that is not valid percent-encoding stays as sent (and then names no endpoint). */
const endpointNameOf = (req: Incoming) => decodePath(INVOKE_PATH.exec(req.rawPath)?.[1] ?? "");

export const runtimeRest: RestService = {
  // The server routes only this path to the Runtime.
  route: (req) => ({ operation: "InvokeEndpoint", resource: endpointNameOf(req) }),
  bindings: {
    InvokeEndpoint: {
      input: (req: Incoming, ctx: RequestContext): InvokeEndpointInput => {
        const h = req.headers;
        return {
          EndpointName: endpointNameOf(req),
          Body: ctx.body,
          ContentType: h["content-type"],
          Accept: h["accept"],
          TargetVariant: h["x-amzn-sagemaker-target-variant"],
          InferenceId: h["x-amzn-sagemaker-inference-id"],
        };
      },
      reply: (output: InvokeEndpointOutput, ctx) => ({
        status: 200,
        headers: {
          "content-type": output.ContentType,
          "x-amzn-invoked-production-variant": output.InvokedProductionVariant,
          "x-amzn-requestid": ctx.requestId,
        },
        body: output.Body,
      }),
    },
  },
  errorReply: (error, _req, requestId) => restJsonErrorReply(error, requestId),
};
