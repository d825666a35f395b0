/**
 * Simulated fleets: for each endpoint, the instances serving each variant. Launching a fleet does
 * what SageMaker does before an endpoint is InService: resolve the image's algorithm, download
 * the model data, check it is a tar.gz, start a container and ping it. Failures carry AWS's
 * FailureReason texts (reference §3). One fleet per endpoint serves at a time; a blue/green
 * deployment (later issue) will hold a second, pending fleet beside it.
 */
import type { Container, ContainerFactory } from "../containers/container";
import { algorithmOf } from "../containers/container";
import { isTarGz } from "./archive";

export interface ContainerSpec {
  image?: string;
  modelDataUrl?: string;
}

export interface VariantSpec {
  variantName: string;
  instanceCount: number;
  weight: number;
  containers: ContainerSpec[];
  serverless: boolean;
}

export interface FleetSpec {
  endpointName: string;
  endpointConfigName: string;
  variants: VariantSpec[];
  shadowVariants: VariantSpec[];
}

/** What the control plane needs from fleets. */
export interface FleetControl {
  /** Starts and registers the endpoint's fleet, or throws FleetStartError with the FailureReason. */
  launch(spec: FleetSpec): Promise<void>;
  retire(endpointName: string): void;
}

export class FleetStartError extends Error {}

export interface Instance {
  readonly id: string;
  readonly container: Container;
}

export class VariantFleet {
  private next = 0;

  constructor(
    readonly name: string,
    readonly weight: number,
    readonly instances: readonly Instance[],
  ) {}

  /** Spreads requests over the instances round-robin. */
  pick(): Instance {
    const instance = this.instances[this.next % this.instances.length]!;
    this.next = (this.next + 1) % this.instances.length;
    return instance;
  }
}

export interface Fleet {
  readonly endpointConfigName: string;
  readonly variants: readonly VariantFleet[];
  readonly shadowVariants: readonly VariantFleet[];
}

export const failureReasons = {
  download: (n: number, url: string) =>
    `Failed to download model data for container "container_${n}" from URL: "${url}". Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object.`,
  extract: (n: number, url: string) =>
    `Failed to extract model data archive for container "container_${n}" from URL "${url}". Please ensure that the object located at the URL is a valid tar.gz archive.`,
  ping: (variant: string) => `The primary container for production variant ${variant} did not pass the ping health check. Please check CloudWatch logs for this endpoint.`,
};

export class Fleets implements FleetControl {
  private readonly serving = new Map<string, Fleet>();

  constructor(
    private readonly fetchArtifact: (url: string) => Promise<Buffer | undefined>,
    private readonly startContainer: ContainerFactory,
  ) {}

  async launch(spec: FleetSpec): Promise<void> {
    const fleet: Fleet = {
      endpointConfigName: spec.endpointConfigName,
      variants: await Promise.all(spec.variants.map((v) => this.launchVariant(v))),
      shadowVariants: await Promise.all(spec.shadowVariants.map((v) => this.launchVariant(v))),
    };
    this.serving.set(spec.endpointName, fleet);
  }

  retire(endpointName: string): void {
    this.serving.delete(endpointName);
  }

  get(endpointName: string): Fleet | undefined {
    return this.serving.get(endpointName);
  }

  private async launchVariant(v: VariantSpec): Promise<VariantFleet> {
    // Emulator limits, said plainly rather than imitated.
    if (v.serverless) throw new FleetStartError(`Production variant ${v.variantName} uses ServerlessConfig, which the local emulator does not support.`);
    if (v.containers.length !== 1) throw new FleetStartError(`Production variant ${v.variantName} uses a multi-container model, which the local emulator does not support.`);
    const { image = "", modelDataUrl } = v.containers[0]!;
    const algorithm = algorithmOf(image);
    // An image the emulator cannot run behaves like a container that never answers /ping.
    if (!algorithm || !modelDataUrl) throw new FleetStartError(failureReasons.ping(v.variantName));
    const artifact = await this.fetchArtifact(modelDataUrl);
    if (!artifact) throw new FleetStartError(failureReasons.download(1, modelDataUrl));
    if (!isTarGz(artifact)) throw new FleetStartError(failureReasons.extract(1, modelDataUrl));
    let container: Container;
    try {
      container = this.startContainer(algorithm, artifact, modelDataUrl);
    } catch {
      throw new FleetStartError(failureReasons.ping(v.variantName));
    }
    if (!container.ping()) throw new FleetStartError(failureReasons.ping(v.variantName));
    // Instances share one loaded model: they are simulated, the model is read-only.
    const instances = Array.from({ length: v.instanceCount }, (_, i) => ({ id: `${v.variantName}-${i + 1}`, container }));
    return new VariantFleet(v.variantName, v.weight, instances);
  }
}
