/**
 * SageMaker's operation table (awsJson1_1, `X-Amz-Target: SageMaker.<Operation>`): name → behaviour
 * over the state, and name → input shape (the API model's, as the SDK client ships it), by which
 * the protocol decodes the JSON into the behaviour's typed input (epoch seconds into Dates).
 */
import {
  AddTagsInput$,
  CreateEndpointInput$,
  CreateEndpointConfigInput$,
  CreateModelInput$,
  DeleteEndpointInput$,
  DeleteEndpointConfigInput$,
  DeleteModelInput$,
  DeleteTagsInput$,
  DescribeEndpointInput$,
  DescribeEndpointConfigInput$,
  DescribeModelInput$,
  ListEndpointConfigsInput$,
  ListEndpointsInput$,
  ListModelsInput$,
  ListTagsInput$,
  UpdateEndpointInput$,
  UpdateEndpointWeightsAndCapacitiesInput$,
} from "@aws-sdk/client-sagemaker";
import type { InputShapes } from "../../protocols/shapes";
import type { Operations } from "../../protocols/types";
import { operationsOver } from "../operations";
import {
  createEndpointConfig,
  deleteEndpointConfig,
  describeEndpointConfig,
  listEndpointConfigs,
} from "./endpoint-configs";
import { updateEndpoint } from "./deployments";
import { createEndpoint, deleteEndpoint, describeEndpoint, listEndpoints } from "./endpoints";
import { createModel, deleteModel, describeModel, listModels } from "./models";
import type { SageMakerState } from "./state";
import { addTags, deleteTags, listTags } from "./tags";
import { updateEndpointWeightsAndCapacities } from "./weights-and-capacities";

/** The output members SageMaker's API model types as floats (VariantWeight): written as 1.0, not 1. */
export const SAGEMAKER_FLOAT_MEMBERS: ReadonlySet<string> = new Set([
  "InitialVariantWeight",
  "CurrentWeight",
  "DesiredWeight",
]);

export function sageMakerOperations(s: SageMakerState): Operations {
  const bind = operationsOver(s);
  return {
    CreateModel: bind(createModel),
    DescribeModel: bind(describeModel),
    ListModels: bind(listModels),
    DeleteModel: bind(deleteModel),
    CreateEndpointConfig: bind(createEndpointConfig),
    DescribeEndpointConfig: bind(describeEndpointConfig),
    ListEndpointConfigs: bind(listEndpointConfigs),
    DeleteEndpointConfig: bind(deleteEndpointConfig),
    CreateEndpoint: bind(createEndpoint),
    DescribeEndpoint: bind(describeEndpoint),
    ListEndpoints: bind(listEndpoints),
    UpdateEndpoint: bind(updateEndpoint),
    DeleteEndpoint: bind(deleteEndpoint),
    UpdateEndpointWeightsAndCapacities: bind(updateEndpointWeightsAndCapacities),
    AddTags: bind(addTags),
    ListTags: bind(listTags),
    DeleteTags: bind(deleteTags),
  };
}

export const SAGEMAKER_INPUT_SHAPES: InputShapes = {
  CreateModel: CreateModelInput$,
  DescribeModel: DescribeModelInput$,
  ListModels: ListModelsInput$,
  DeleteModel: DeleteModelInput$,
  CreateEndpointConfig: CreateEndpointConfigInput$,
  DescribeEndpointConfig: DescribeEndpointConfigInput$,
  ListEndpointConfigs: ListEndpointConfigsInput$,
  DeleteEndpointConfig: DeleteEndpointConfigInput$,
  CreateEndpoint: CreateEndpointInput$,
  DescribeEndpoint: DescribeEndpointInput$,
  ListEndpoints: ListEndpointsInput$,
  UpdateEndpoint: UpdateEndpointInput$,
  DeleteEndpoint: DeleteEndpointInput$,
  UpdateEndpointWeightsAndCapacities: UpdateEndpointWeightsAndCapacitiesInput$,
  AddTags: AddTagsInput$,
  ListTags: ListTagsInput$,
  DeleteTags: DeleteTagsInput$,
};
