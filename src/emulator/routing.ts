/**
 * Which service a request is for, read the way AWS front ends do (reference §1): the
 * X-Amz-Target prefix (SageMaker, CloudWatch JSON), the Runtime's path, the SigV4 credential
 * scope (s3, monitoring), and for unsigned requests the shape of the body.
 */
import { credentialScopeService } from "./auth/sigv4";
import type { Incoming } from "./http";
import { INVOKE_PATH } from "./services/runtime/http";

export type ServiceKey = "sagemaker" | "runtime" | "cloudwatchJson" | "cloudwatchQuery" | "s3";

export const SAGEMAKER_TARGET = "SageMaker";
export const CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";

export function serviceOf(req: Incoming): ServiceKey {
  const target = req.headers["x-amz-target"] ?? "";
  if (target.startsWith(`${SAGEMAKER_TARGET}.`)) return "sagemaker";
  if (target.startsWith(`${CLOUDWATCH_TARGET}.`)) return "cloudwatchJson";
  const scope = credentialScopeService(req);
  if (INVOKE_PATH.test(req.rawPath) && req.method === "POST" && (scope === "sagemaker" || scope === undefined))
    return "runtime";
  // Signed for SageMaker but no (or another) X-Amz-Target: SageMaker's own front end answers it.
  if (scope === "sagemaker") return "sagemaker";
  if (scope === "monitoring") return "cloudwatchQuery";
  if (
    scope === undefined &&
    req.method === "POST" &&
    req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")
  )
    return "cloudwatchQuery";
  return "s3";
}

/** The SigV4 credential-scope service each front end accepts (Runtime is signed as sagemaker too). */
export const SIGNING_SERVICE: Record<ServiceKey, string> = {
  sagemaker: "sagemaker",
  runtime: "sagemaker",
  cloudwatchJson: "monitoring",
  cloudwatchQuery: "monitoring",
  s3: "s3",
};
