/**
 * Simulated fleets: starting a fleet does what SageMaker does before instances take traffic:
 * resolve the image's algorithm, download the model data, check it is a tar.gz, start a container
 * and ping it. Failures carry AWS's FailureReason texts (reference §3). The registry says which
 * fleets serve each endpoint: one (blue) normally; during a deployment also the new (green) one,
 * with the share of each variant's traffic the green fleet takes (rollout.ts moves it).
 */
import type { DataCaptureConfig } from "@aws-sdk/client-sagemaker";
import type { Container, ContainerFactory } from "../containers/container";
import { algorithmOf } from "../containers/container";
import { faultsOf, type Faults } from "../containers/faults";
import { errorText, type Logger } from "../log";
import { isTarGz } from "./archive";
import type { LoadedArtifacts } from "./artifacts";
import { LaunchingContainer } from "./launching-container";

export interface ContainerSpec {
  image?: string;
  modelDataUrl?: string;
  /** The model's container Environment (CreateModel). */
  environment?: Record<string, string>;
}

export interface VariantSpec {
  variantName: string;
  instanceCount: number;
  weight: number;
  containers: ContainerSpec[];
  serverless: boolean;
}

export interface FleetSpec {
  endpointConfigName: string;
  variants: VariantSpec[];
  shadowVariants: VariantSpec[];
  /** The configuration's data capture: requests a fleet answers are captured as its own config says. */
  dataCapture?: DataCaptureConfig;
  /** Seconds between publications of the invocation metrics of the requests this fleet answers. */
  metricsIntervalS: number;
}

/** What the control plane needs from fleets. */
export interface FleetControl {
  /**
   * Starts a fleet, or throws FleetStartError with the FailureReason. `resumed`: the fleet was up
   * before a restart, and may come back from the model data it had loaded.
   */
  start(spec: FleetSpec, resumed?: boolean): Promise<Fleet>;
  /**
   * The fleet that was up before a restart, at once: its instances load their models meanwhile
   * (answering no health check until they have), and `failed` hears the FailureReason of one that
   * cannot come back.
   */
  resume(spec: FleetSpec, failed: (reason: string) => void): Fleet;
  /** Routes the endpoint's traffic to these fleets from now on. */
  serve(endpointName: string, serving: Serving): void;
  get(endpointName: string): Serving | undefined;
  retire(endpointName: string): void;
}

export class FleetStartError extends Error {}

export interface Instance {
  readonly id: string;
  readonly container: Container;
}

/** A variant's simulated instances. They share one loaded model (read-only), so they are a count, not objects: memory does not grow with InitialInstanceCount. */
export class VariantFleet {
  private next = 0;

  constructor(
    readonly name: string,
    readonly weight: number,
    readonly instanceCount: number,
    private readonly container: Container,
    /** The partial faults the model's Environment sets (containers/faults.ts), applied when it answers. */
    readonly faults?: Faults,
  ) {}

  /** The same model at another weight and instance count: nothing is launched again. */
  resized(weight: number, instanceCount: number): VariantFleet {
    return new VariantFleet(this.name, weight, instanceCount, this.container, this.faults);
  }

  /** Spreads requests over the instances round-robin. */
  pick(): Instance {
    const instance = { id: `${this.name}-${this.next + 1}`, container: this.container };
    this.next = (this.next + 1) % this.instanceCount;
    return instance;
  }
}

export interface Fleet {
  readonly endpointConfigName: string;
  readonly variants: readonly VariantFleet[];
  readonly shadowVariants: readonly VariantFleet[];
  readonly dataCapture?: DataCaptureConfig;
  readonly metricsIntervalS: number;
}

/**
 * The fleet with the spec's weights and instance counts (UpdateEndpointWeightsAndCapacities):
 * instances added run the model the variant already has loaded, so nothing is launched again.
 */
export function resized(fleet: Fleet, spec: FleetSpec): Fleet {
  const resize = (variants: readonly VariantFleet[], specs: VariantSpec[]) =>
    variants.map((v) => {
      const target = specs.find((s) => s.variantName === v.name);
      return target ? v.resized(target.weight, target.instanceCount) : v;
    });
  return {
    ...fleet,
    variants: resize(fleet.variants, spec.variants),
    shadowVariants: resize(fleet.shadowVariants, spec.shadowVariants),
  };
}

/** The fleets answering an endpoint's requests. */
export interface Serving {
  blue: Fleet;
  green?: Fleet;
  /** Per production variant of the green fleet, the fraction of that variant's traffic it takes. */
  greenShare: Readonly<Record<string, number>>;
}

/**
 * The share of a variant's traffic the green fleet takes. A variant only one fleet has (an
 * update without guardrails may rename variants) moves when all the traffic does.
 */
export function greenShareOf(greenShare: Serving["greenShare"], variant: string): number {
  if (Object.hasOwn(greenShare, variant)) return greenShare[variant]!;
  const shares = Object.values(greenShare);
  return shares.length > 0 && shares.every((s) => s >= 1) ? 1 : 0;
}

const failureReasons = {
  download: (n: number, url: string) =>
    `Failed to download model data for container "container_${n}" from URL: "${url}". Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object.`,
  extract: (n: number, url: string) =>
    `Failed to extract model data archive for container "container_${n}" from URL "${url}". Please ensure that the object located at the URL is a valid tar.gz archive.`,
  ping: (variant: string) =>
    `The primary container for production variant ${variant} did not pass the ping health check. Please check CloudWatch logs for this endpoint.`,
};

/** A variant's fleet on its container, with the partial faults its model's Environment sets. */
const variantFleet = (v: VariantSpec, container: Container): VariantFleet =>
  new VariantFleet(v.variantName, v.weight, v.instanceCount, container, faultsOf(v.containers[0]?.environment));

export class Fleets implements FleetControl {
  private readonly serving = new Map<string, Serving>();

  constructor(
    private readonly fetchArtifact: (url: string) => Promise<Buffer | undefined>,
    private readonly startContainer: ContainerFactory,
    private readonly artifacts: LoadedArtifacts,
    /** Hears why a container did not start (AWS's FailureReason only points to the logs). */
    private readonly logger: Logger,
  ) {}

  async start(spec: FleetSpec, resumed = false): Promise<Fleet> {
    const launch = (v: VariantSpec) => this.launchContainer(v, resumed).then((c) => variantFleet(v, c));
    return {
      endpointConfigName: spec.endpointConfigName,
      variants: await Promise.all(spec.variants.map(launch)),
      shadowVariants: await Promise.all(spec.shadowVariants.map(launch)),
      dataCapture: spec.dataCapture,
      metricsIntervalS: spec.metricsIntervalS,
    };
  }

  resume(spec: FleetSpec, failed: (reason: string) => void): Fleet {
    const launches: Promise<Container>[] = [];
    const launch = (v: VariantSpec) => {
      const launching = this.launchContainer(v, true);
      launches.push(launching);
      return variantFleet(v, new LaunchingContainer(launching));
    };
    const fleet = {
      endpointConfigName: spec.endpointConfigName,
      variants: spec.variants.map(launch),
      shadowVariants: spec.shadowVariants.map(launch),
      dataCapture: spec.dataCapture,
      metricsIntervalS: spec.metricsIntervalS,
    };
    Promise.all(launches).catch((e: unknown) => failed(errorText(e)));
    return fleet;
  }

  serve(endpointName: string, serving: Serving): void {
    this.serving.set(endpointName, serving);
  }

  retire(endpointName: string): void {
    this.serving.delete(endpointName);
  }

  get(endpointName: string): Serving | undefined {
    return this.serving.get(endpointName);
  }

  /** Downloads and checks the variant's model data and starts its container, which passed its first ping. */
  private async launchContainer(v: VariantSpec, resumed: boolean): Promise<Container> {
    // Emulator limits, said plainly rather than imitated.
    if (v.serverless)
      throw new FleetStartError(
        `Production variant ${v.variantName} uses ServerlessConfig, which the local emulator does not support.`,
      );
    if (v.containers.length !== 1)
      throw new FleetStartError(
        `Production variant ${v.variantName} uses a multi-container model, which the local emulator does not support.`,
      );
    const { image = "", modelDataUrl } = v.containers[0]!;
    const algorithm = algorithmOf(image);
    // An image the emulator cannot run behaves like a container that never answers /ping.
    if (!algorithm || !modelDataUrl) throw new FleetStartError(failureReasons.ping(v.variantName));
    const fetched = await this.fetchArtifact(modelDataUrl);
    const artifact = fetched ?? (resumed ? await this.loadedCopy(modelDataUrl) : undefined);
    if (!artifact) throw new FleetStartError(failureReasons.download(1, modelDataUrl));
    if (!(await isTarGz(artifact))) throw new FleetStartError(failureReasons.extract(1, modelDataUrl));
    if (fetched) await this.artifacts.keep(modelDataUrl, fetched);
    let container: Container;
    try {
      container = await this.startContainer(algorithm, artifact, modelDataUrl);
    } catch (e) {
      this.logger.info("container did not start", { variant: v.variantName, modelDataUrl, error: errorText(e) });
      throw new FleetStartError(failureReasons.ping(v.variantName));
    }
    if (!container.ping()) throw new FleetStartError(failureReasons.ping(v.variantName));
    return container;
  }

  /** The model data loaded before a restart; one that cannot be read counts as missing (download failure). */
  private loadedCopy(modelDataUrl: string): Promise<Buffer | undefined> {
    return this.artifacts.loaded(modelDataUrl).catch((e: unknown) => {
      this.logger.info("loaded model data unreadable", { modelDataUrl, error: errorText(e) });
      return undefined;
    });
  }
}
