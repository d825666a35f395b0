/**
 * The one shape of an operation, in every service. A service folder holds its state and
 * behaviour modules and one `operations.ts`: a table from the AWS operation name to a behaviour
 * function `(state, input, ctx) => output`. The input is the operation's request as the API
 * model names its members (`EndpointName`, `AlarmNames`, `Bucket`…), already parsed from the
 * wire by the protocol; the output is a plain object the protocol writes back; failures are
 * thrown ServiceErrors. No behaviour reads HTTP.
 */
import type { Operation, RequestContext } from "../protocols/types";

export type Behaviour<State, Input, Output> = (state: State, input: Input, ctx: RequestContext) => Output;

/** Binds behaviours to one service's state, giving the entries of its operation table. */
export function operationsOver<State>(state: State) {
  // The protocol decoded the input to the members the operation's API model names: its declared Input.
  return <Input, Output>(behaviour: Behaviour<State, Input, Output>): Operation =>
    (input, ctx) =>
      behaviour(state, input as Input, ctx);
}
