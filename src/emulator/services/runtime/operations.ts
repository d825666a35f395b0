/** SageMaker Runtime's operation table (restJson1, runtime/http.ts): InvokeEndpoint over the Runtime. */
import type { Operations } from "../../protocols/types";
import { operationsOver } from "../operations";
import type { InvokeEndpointInput, Runtime } from "./invoke";

const invokeEndpoint = (runtime: Runtime, input: InvokeEndpointInput) => runtime.invoke(input);

export function runtimeOperations(runtime: Runtime): Operations {
  const bind = operationsOver(runtime);
  return { InvokeEndpoint: bind(invokeEndpoint) };
}
