/** restXml (S3): XML bodies in the S3 namespace, <Error> documents, no body on HEAD errors. */
import type { ServiceError } from "../errors";
import type { Reply } from "../http";
import { xmlDocument } from "./xml";

const S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

export function s3Headers(requestId: string): Record<string, string> {
  return { "x-amz-request-id": requestId, "x-amz-id-2": Buffer.from(requestId).toString("base64") };
}

export function xmlReply(root: string, body: unknown, requestId: string, status = 200): Reply {
  return {
    status,
    headers: { ...s3Headers(requestId), "content-type": "application/xml" },
    body: xmlDocument(root, body, "flat", S3_XMLNS),
  };
}

export function restXmlErrorReply(error: ServiceError, requestId: string, method: string): Reply {
  const headers = s3Headers(requestId);
  // A HEAD answer has no body, nor has a 304 (Not Modified: the client's copy stands).
  if (method === "HEAD" || error.status === 304) return { status: error.status, headers };
  return {
    status: error.status,
    headers: { ...headers, "content-type": "application/xml" },
    body: xmlDocument(
      "Error",
      { Code: error.code, Message: error.message, ...error.details, RequestId: requestId },
      "flat",
    ),
  };
}
