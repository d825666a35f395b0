/** SageMaker's errors (reference §2): constraint and resource errors are all ValidationException, with AWS's texts. */
import { ServiceError } from "../../errors";
import { Validator, reportAs } from "../validation";

export const validationException = (message: string) => new ServiceError("ValidationException", message, 400);

/** A Validator whose failures SageMaker answers as one ValidationException. */
export const sageMakerValidator = () => new Validator(reportAs(validationException));

export type ResourceKind = "model" | "endpoint-config" | "endpoint";

const NOUN: Record<ResourceKind, string> = {
  model: "model",
  "endpoint-config": "endpoint configuration",
  endpoint: "endpoint",
};

export const sageMakerErrors = {
  notFound: (kind: ResourceKind, arn: string) => validationException(`Could not find ${NOUN[kind]} "${arn}".`),
  alreadyExists: (kind: ResourceKind, arn: string) =>
    validationException(`Cannot create already existing ${NOUN[kind]} "${arn}".`),
  inProgress: (arn: string) => validationException(`Cannot update in-progress endpoint "${arn}".`),
  /** Inferred wording: AWS only lets a Failed endpoint be deleted. */
  notUpdatable: (arn: string, status: string) =>
    validationException(
      `Cannot update endpoint "${arn}" in status ${status}: an endpoint in that status can only be deleted.`,
    ),
  /** Inferred wording (reference §2). */
  noModelData: (url: string) => validationException(`Could not find model data at ${url}.`),
};
