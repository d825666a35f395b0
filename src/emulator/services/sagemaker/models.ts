/** CreateModel / DescribeModel / ListModels / DeleteModel. */
import type {
  ContainerDefinition,
  CreateModelInput,
  CreateModelOutput,
  DeleteModelInput,
  DescribeModelInput,
  DescribeModelOutput,
  ListModelsInput,
  ListModelsOutput,
} from "@aws-sdk/client-sagemaker";
import { arnOf } from "./arns";
import { sageMakerErrors, sageMakerValidator, validationException } from "./errors";
import { listPage } from "./listing";
import { IMAGE, MODEL_DATA_URL, MODEL_NAME, NAME_MAX, ROLE_ARN } from "./names";
import type { ModelRecord } from "./records";
import { keyOf, type SageMakerState } from "./state";
import { validateTags } from "./tags";
import type { Validator } from "../validation";
import { faultSettingProblem } from "../../containers/faults";

const ENV_KEY = new RegExp("^[a-zA-Z_][a-zA-Z0-9_]*$");

function validateName(v: Validator, name: string | undefined): void {
  if (v.required("modelName", name)) v.string("modelName", name, { max: NAME_MAX, pattern: MODEL_NAME });
}

function validateContainer(v: Validator, path: string, c: ContainerDefinition | undefined): void {
  if (!v.structure(path, c) || !c) return;
  if (c.Environment !== undefined) v.structure(`${path}.environment`, c.Environment);
  v.string(`${path}.image`, c.Image, { max: 255, pattern: IMAGE });
  v.string(`${path}.modelDataUrl`, c.ModelDataUrl, { max: 1024, pattern: MODEL_DATA_URL });
  v.s3Url(`${path}.modelDataUrl`, c.ModelDataUrl);
  v.string(`${path}.containerHostname`, c.ContainerHostname, { max: 63, pattern: MODEL_NAME });
  v.oneOf(`${path}.mode`, c.Mode, ["SingleModel", "MultiModel"]);
  for (const [key, value] of Object.entries(c.Environment ?? {})) {
    v.string(`${path}.environment`, key, { max: 1024, pattern: ENV_KEY });
    v.string(`${path}.environment`, value, { max: 1024 });
  }
}

export function containersOf(spec: ModelRecord["spec"]): ContainerDefinition[] {
  return spec.PrimaryContainer ? [spec.PrimaryContainer] : (spec.Containers ?? []);
}

export async function createModel(s: SageMakerState, input: CreateModelInput): Promise<CreateModelOutput> {
  const v = sageMakerValidator();
  validateName(v, input.ModelName);
  validateContainer(v, "primaryContainer", input.PrimaryContainer);
  v.list<ContainerDefinition>("containers", input.Containers, { max: 15 }, (p, c) => validateContainer(v, p, c));
  v.string("executionRoleArn", input.ExecutionRoleArn, { min: 20, max: 2048, pattern: ROLE_ARN });
  validateTags(v, "tags", input.Tags);
  v.check();
  const { Tags, ...spec } = input;
  const name = input.ModelName!;
  const arn = arnOf(s.deps.region, "model", name);
  if (s.models.has(keyOf(name))) throw sageMakerErrors.alreadyExists("model", arn);
  const containers = containersOf(spec);
  // Inferred wordings: AWS requires exactly one way of naming the containers.
  if (containers.length === 0) throw validationException("Either PrimaryContainer or Containers must be specified.");
  if (spec.PrimaryContainer && spec.Containers)
    throw validationException("PrimaryContainer and Containers cannot both be specified.");
  for (const c of containers) {
    if (c.ModelDataUrl && !s.deps.modelDataExists(c.ModelDataUrl)) throw sageMakerErrors.noModelData(c.ModelDataUrl);
    const faultProblem = faultSettingProblem(c.Environment);
    if (faultProblem) throw validationException(faultProblem);
  }
  await s.models.put(keyOf(name), { name, arn, created: s.deps.clock.now(), spec, tags: Tags ?? [] });
  return { ModelArn: arn };
}

function find(s: SageMakerState, name: string | undefined): ModelRecord {
  const v = sageMakerValidator();
  validateName(v, name);
  v.check();
  const record = s.models.get(keyOf(name!));
  if (!record) throw sageMakerErrors.notFound("model", arnOf(s.deps.region, "model", name!));
  return record;
}

/** DescribeModel fills what AWS fills: Mode and Environment of each container, EnableNetworkIsolation. */
const withDefaults = (c: ContainerDefinition): ContainerDefinition => ({
  ...c,
  Mode: c.Mode ?? "SingleModel",
  Environment: c.Environment ?? {},
});

export function describeModel(s: SageMakerState, input: DescribeModelInput): DescribeModelOutput {
  const r = find(s, input.ModelName);
  return {
    ModelName: r.name,
    PrimaryContainer: r.spec.PrimaryContainer && withDefaults(r.spec.PrimaryContainer),
    Containers: r.spec.Containers?.map(withDefaults),
    InferenceExecutionConfig: r.spec.InferenceExecutionConfig,
    ExecutionRoleArn: r.spec.ExecutionRoleArn,
    VpcConfig: r.spec.VpcConfig,
    CreationTime: new Date(r.created),
    ModelArn: r.arn,
    EnableNetworkIsolation: r.spec.EnableNetworkIsolation ?? false,
  };
}

export function listModels(s: SageMakerState, input: ListModelsInput): ListModelsOutput {
  const { page, nextToken } = listPage(s.models.values(), input, { sortBy: ["Name", "CreationTime"] });
  return {
    Models: page.map((r) => ({ ModelName: r.name, ModelArn: r.arn, CreationTime: new Date(r.created) })),
    NextToken: nextToken,
  };
}

/** Deleting a model an endpoint uses is accepted, as on AWS: the endpoint keeps its own copy. */
export async function deleteModel(s: SageMakerState, input: DeleteModelInput): Promise<void> {
  await s.models.delete(keyOf(find(s, input.ModelName).name));
}
