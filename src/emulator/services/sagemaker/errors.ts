/** SageMaker's resource errors (reference §2): all ValidationException, with AWS's texts. */
import { validationError } from "./validation";

export type ResourceKind = "model" | "endpoint-config" | "endpoint";

const NOUN: Record<ResourceKind, string> = { model: "model", "endpoint-config": "endpoint configuration", endpoint: "endpoint" };

export const sageMakerErrors = {
  notFound: (kind: ResourceKind, arn: string) => validationError(`Could not find ${NOUN[kind]} "${arn}".`),
  alreadyExists: (kind: ResourceKind, arn: string) => validationError(`Cannot create already existing ${NOUN[kind]} "${arn}".`),
  inProgress: (arn: string) => validationError(`Cannot update in-progress endpoint "${arn}".`),
  /** Inferred wording: AWS only lets a Failed endpoint be deleted. */
  notUpdatable: (arn: string, status: string) => validationError(`Cannot update endpoint "${arn}" in status ${status}: an endpoint in that status can only be deleted.`),
  /** Inferred wording (reference §2). */
  noModelData: (url: string) => validationError(`Could not find model data at ${url}.`),
};
