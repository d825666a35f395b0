/** InvokeEndpoint's restJson1 binding: path and headers in, raw body and headers out. */
import { asServiceError } from "../../errors";
import { restJsonErrorReply } from "../../protocols/restJson";
import type { ProtocolHandler } from "../../protocols/types";
import type { Runtime } from "./invoke";

const PATH = /^\/endpoints\/([^/]+)\/invocations$/;

export function runtimeHandler(runtime: Runtime): ProtocolHandler {
  return async (req, ctx) => {
    const endpointName = decodePath(PATH.exec(req.rawPath)?.[1] ?? "");
    const h = req.headers;
    try {
      const result = await runtime.invoke({
        endpointName,
        body: ctx.body,
        contentType: h["content-type"],
        accept: h["accept"],
        targetVariant: h["x-amzn-sagemaker-target-variant"],
        inferenceId: h["x-amzn-sagemaker-inference-id"],
      });
      const headers = { "content-type": result.contentType, "x-amzn-invoked-production-variant": result.invokedVariant, "x-amzn-requestid": ctx.requestId };
      return { operation: "InvokeEndpoint", resource: endpointName, reply: { status: 200, headers, body: typeof result.body === "string" ? result.body : Buffer.from(result.body) } };
    } catch (e) {
      const error = asServiceError(e);
      return { operation: "InvokeEndpoint", resource: endpointName, reply: restJsonErrorReply(error, ctx.requestId), error };
    }
  };
}

/** A name that is not valid percent-encoding stays as sent (and then names no endpoint). */
function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
