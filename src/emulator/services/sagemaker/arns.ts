/** SageMaker ARNs: arn:aws:sagemaker:{region}:{account}:{kind}/{name lower-cased} (reference §2). */
import { ACCOUNT_ID } from "../../config";
import type { ResourceKind } from "./errors";

export function arnOf(region: string, kind: ResourceKind, name: string): string {
  return `arn:aws:sagemaker:${region}:${ACCOUNT_ID}:${kind}/${name.toLowerCase()}`;
}

export function parseArn(arn: string): { kind: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:\d{12}:([a-z-]+)\/(.+)$/.exec(arn);
  return m ? { kind: m[1]!, name: m[2]! } : undefined;
}
