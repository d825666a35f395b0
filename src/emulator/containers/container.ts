/**
 * The seam between the simulated fleet and the built-in algorithm containers: what the fleet
 * asks of a container (/ping, /invocations) and which algorithm an image URI names. An
 * invocation's answer is the model server's (src/models).
 */
import type { InvocationResult } from "../../models";

export interface Container {
  /** /ping: true when the container is healthy. */
  ping(): boolean;
  /**
   * /invocations: never throws for a bad payload, answers it with a 4XX/5XX instead. The built-in
   * containers answer at once; a container may also answer later (a promise), never (it hangs:
   * the Runtime gives up after its invocation timeout), or not at all because it went away (it
   * crashes: throws or rejects).
   */
  invoke(
    body: Uint8Array,
    contentType: string,
    accept: string | undefined,
  ): InvocationResult | Promise<InvocationResult>;
  /**
   * Ends the container (its fleet is gone, or the emulator stops). The built-in containers hold
   * nothing but memory and have none; a local process is ended (process-container.ts).
   */
  stop?(): Promise<void>;
}

export type Algorithm = "linear-learner" | "xgboost";

/**
 * Starts a container of `algorithm` serving the model in `artifact` (a model.tar.gz) fetched from
 * `source`; one that loads its model for a while answers once it is up. `image` is the image URI
 * (its tag names the algorithm's version).
 */
export type ContainerFactory = (
  algorithm: Algorithm,
  artifact: Uint8Array,
  source: string,
  image: string,
) => Container | Promise<Container>;

const REPOSITORIES: Record<string, Algorithm> = {
  "linear-learner": "linear-learner",
  "sagemaker-xgboost": "xgboost",
  xgboost: "xgboost",
};

/**
 * `{account}.dkr.ecr.{region}.amazonaws.com/{repository}:{tag}` (or `@sha256:…`) → the algorithm
 * of the repository, whatever the registry account or region.
 */
export function algorithmOf(image: string): Algorithm | undefined {
  const path = image.slice(image.indexOf("/") + 1);
  const repository = path.split(/[:@]/)[0]!;
  return Object.hasOwn(REPOSITORIES, repository) ? REPOSITORIES[repository] : undefined;
}
