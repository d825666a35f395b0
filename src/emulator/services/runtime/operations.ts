/** SageMaker Runtime's operation table (restJson1, runtime/http.ts): InvokeEndpoint over the Runtime. */
import type { Operations } from "../../protocols/types";
import { operationsOver } from "../operations";
import type { Runtime } from "./invoke";

export interface InvokeEndpointInput {
  EndpointName: string;
  Body: Buffer;
  ContentType?: string;
  Accept?: string;
  TargetVariant?: string;
  InferenceId?: string;
}

export interface InvokeEndpointOutput {
  Body: string;
  ContentType: string;
  InvokedProductionVariant: string;
}

async function invokeEndpoint(runtime: Runtime, input: InvokeEndpointInput): Promise<InvokeEndpointOutput> {
  const { EndpointName, Body, ContentType, Accept, TargetVariant, InferenceId } = input;
  const result = await runtime.invoke({
    endpointName: EndpointName,
    body: Body,
    contentType: ContentType,
    accept: Accept,
    targetVariant: TargetVariant,
    inferenceId: InferenceId,
  });
  return { Body: result.body, ContentType: result.contentType, InvokedProductionVariant: result.invokedVariant };
}

export function runtimeOperations(runtime: Runtime): Operations {
  const bind = operationsOver(runtime);
  return { InvokeEndpoint: bind(invokeEndpoint) };
}
