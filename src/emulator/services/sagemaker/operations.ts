/** The SageMaker operations as the awsJson1_1 protocol calls them (SageMaker.<Operation>). */
import type { Operations } from "../../protocols/types";
import { createEndpointConfig, deleteEndpointConfig, describeEndpointConfig, listEndpointConfigs } from "./endpointConfigs";
import { updateEndpoint } from "./deployments";
import { createEndpoint, deleteEndpoint, describeEndpoint, listEndpoints } from "./endpoints";
import { createModel, deleteModel, describeModel, listModels } from "./models";
import type { SageMakerState } from "./state";
import { addTags, deleteTags, listTags } from "./tags";
import { updateEndpointWeightsAndCapacities } from "./weightsAndCapacities";

/** The output members SageMaker's API model types as floats (VariantWeight): written as 1.0, not 1. */
export const SAGEMAKER_FLOAT_MEMBERS: ReadonlySet<string> = new Set(["InitialVariantWeight", "CurrentWeight", "DesiredWeight"]);

type Handler<I, O> = (s: SageMakerState, input: I) => O;
const bind =
  <I, O>(s: SageMakerState, fn: Handler<I, O>) =>
  (input: I) =>
    fn(s, input);

export function sageMakerOperations(s: SageMakerState): Operations {
  return {
    CreateModel: bind(s, createModel),
    DescribeModel: bind(s, describeModel),
    ListModels: bind(s, listModels),
    DeleteModel: bind(s, deleteModel),
    CreateEndpointConfig: bind(s, createEndpointConfig),
    DescribeEndpointConfig: bind(s, describeEndpointConfig),
    ListEndpointConfigs: bind(s, listEndpointConfigs),
    DeleteEndpointConfig: bind(s, deleteEndpointConfig),
    CreateEndpoint: bind(s, createEndpoint),
    DescribeEndpoint: bind(s, describeEndpoint),
    ListEndpoints: bind(s, listEndpoints),
    UpdateEndpoint: bind(s, updateEndpoint),
    DeleteEndpoint: bind(s, deleteEndpoint),
    UpdateEndpointWeightsAndCapacities: bind(s, updateEndpointWeightsAndCapacities),
    AddTags: bind(s, addTags),
    ListTags: bind(s, listTags),
    DeleteTags: bind(s, deleteTags),
  };
}
