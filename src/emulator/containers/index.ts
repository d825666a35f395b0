/** The built-in algorithm containers. Placeholder until src/models publishes its loaders. */
import type { ContainerFactory } from "./container";

export const builtInContainers: ContainerFactory = (algorithm) => {
  throw new Error(`no ${algorithm} container available yet`);
};
