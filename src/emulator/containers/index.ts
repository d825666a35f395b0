/**
 * The built-in algorithm containers, served by the readers of src/models:
 * - linear-learner: an artifact it cannot load stops the container, so /ping fails and the
 *   endpoint fails to start (the fleet reports AWS's ping health-check reason);
 * - XGBoost: as observed with the 1.2-1 container, it comes up anyway and answers every
 *   invocation with 500 "Unable to load model: …" – also for a model format the XGBoost of the
 *   image's tag cannot read (src/models/xgboost/image-versions.ts).
 * Models load without holding the event loop (the archive inflated as a stream, a large XGBoost
 * model parsed on a worker thread), so other clients are answered while a container starts.
 */
import {
  ArtifactError,
  failingModelServer,
  loadLinearLearnerStreamed,
  loadXgboostStreamed,
  xgboostImageOf,
  type ModelServer,
} from "../../models";
import type { Container, ContainerFactory } from "./container";

const serving = (server: ModelServer): Container => ({
  ping: () => true,
  invoke: (body, contentType, accept) => server.invoke(body, contentType, accept),
});

export const builtInContainers: ContainerFactory = async (algorithm, artifact, source, image) => {
  if (algorithm === "linear-learner") return serving(await loadLinearLearnerStreamed(artifact, source));
  try {
    // An image reads the model formats of its XGBoost version.
    const model = await loadXgboostStreamed(artifact, source, xgboostImageOf(image));
    // Predictions run in slices between other requests: a large one never stalls the emulator.
    return { ping: () => true, invoke: (body, contentType, accept) => model.invokeInTurns(body, contentType, accept) };
  } catch (e) {
    if (e instanceof ArtifactError) return serving(failingModelServer(e.message));
    throw e;
  }
};
