/**
 * An instance coming back after a restart: its container is still being started (model data
 * checked, model loaded). Until it is up it answers no health check, so the Runtime routes it
 * nothing (ModelNotReadyException); once up it is that container.
 */
import type { InvocationResult } from "../../models";
import type { Container } from "../containers/container";

export class LaunchingContainer implements Container {
  private started: Container | undefined;
  private stopped = false;

  constructor(launching: Promise<Container>) {
    // A launch that fails is reported by the fleet (Fleets.resume); the instance just stays down.
    launching.then(
      (container) => {
        // Its fleet was let go while it was starting: it ends as soon as it is up.
        if (this.stopped) void container.stop?.();
        else this.started = container;
      },
      () => undefined,
    );
  }

  ping(): boolean {
    return this.started?.ping() ?? false;
  }

  invoke(
    body: Uint8Array,
    contentType: string,
    accept: string | undefined,
  ): InvocationResult | Promise<InvocationResult> {
    if (!this.started) throw new Error("the container has not started");
    return this.started.invoke(body, contentType, accept);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.started?.stop?.();
  }
}
