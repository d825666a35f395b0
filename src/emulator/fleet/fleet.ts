/**
 * Simulated fleets: starting a fleet does what SageMaker does before instances take traffic:
 * resolve the image (a built-in algorithm, or a local process the emulator's configuration maps
 * it to), download the model data, check it is a tar.gz, start a container and ping it. Failures
 * carry AWS's FailureReason texts (reference §3). The registry says which fleets serve each endpoint: one (blue) normally; during a deployment also the new (green) one,
 * with the share of each variant's traffic the green fleet takes (rollout.ts moves it). A
 * container no fleet serves from any more is stopped: when traffic leaves it (a deployment's end,
 * a rollback), when its endpoint is deleted, and when the emulator stops.
 */
import type { DataCaptureConfig } from "@aws-sdk/client-sagemaker";
import { ArtifactError } from "../../models";
import type { Container, ContainerFactory } from "../containers/container";
import { algorithmOf } from "../containers/container";
import { faultsOf, type Faults } from "../containers/faults";
import { commandFor, type ImageCommands } from "../containers/image-commands";
import type { ProcessContainers } from "../containers/process-container";
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
  /** ContainerStartupHealthCheckTimeoutInSeconds: how long a local-process container has to answer its first ping. */
  startupTimeoutS?: number;
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
  /** A started fleet that will never serve (its deployment moved on while it started): its containers stop. */
  discard(fleet: Fleet): void;
}

export class FleetStartError extends Error {}

export interface Instance {
  readonly id: string;
  readonly container: Container;
}

/**
 * A variant's simulated instances. A built-in container's instances share one loaded model
 * (read-only), so they are a count, not objects: memory does not grow with InitialInstanceCount.
 * A local-process container has one process per instance; instance i runs containers[i mod n].
 */
export class VariantFleet {
  private next = 0;

  constructor(
    readonly name: string,
    readonly weight: number,
    readonly instanceCount: number,
    readonly containers: readonly Container[],
    /** The partial faults the model's Environment sets (containers/faults.ts), applied when it answers. */
    readonly faults?: Faults,
  ) {}

  /** The same model at another weight and instance count: nothing is launched again. */
  resized(weight: number, instanceCount: number): VariantFleet {
    return new VariantFleet(this.name, weight, instanceCount, this.containers, this.faults);
  }

  /**
   * Spreads requests over the instances round-robin, passing over those that fail their health
   * check (a process that exited), as SageMaker's load balancer routes only to healthy instances;
   * when none is healthy, the next one (which the Runtime finds not ready).
   */
  pick(): Instance {
    for (let tried = 1; ; tried++) {
      const at = this.next;
      this.next = (this.next + 1) % this.instanceCount;
      const container = this.containers[at % this.containers.length]!;
      if (tried >= this.instanceCount || container.ping()) return { id: `${this.name}-${at + 1}`, container };
    }
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

/** Every container serving an endpoint's traffic. */
const servingContainers = (serving: Serving): Container[] => [
  ...containersOf(serving.blue),
  ...(serving.green ? containersOf(serving.green) : []),
];

const failureReasons = {
  download: (n: number, url: string) =>
    `Failed to download model data for container "container_${n}" from URL: "${url}". Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object.`,
  extract: (n: number, url: string) =>
    `Failed to extract model data archive for container "container_${n}" from URL "${url}". Please ensure that the object located at the URL is a valid tar.gz archive.`,
  ping: (variant: string) =>
    `The primary container for production variant ${variant} did not pass the ping health check. Please check CloudWatch logs for this endpoint.`,
};

/** A variant's fleet on its containers, with the partial faults its model's Environment sets. */
const variantFleet = (v: VariantSpec, containers: readonly Container[]): VariantFleet =>
  new VariantFleet(v.variantName, v.weight, v.instanceCount, containers, faultsOf(v.containers[0]?.environment));

/** Every container of a fleet. */
const containersOf = (fleet: Fleet): Container[] =>
  [...fleet.variants, ...fleet.shadowVariants].flatMap((v) => v.containers);

const stopAll = (containers: Iterable<Container>): Promise<unknown> =>
  Promise.all([...containers].flatMap((c) => (c.stop ? [c.stop()] : [])));

/**
 * How long a local-process container has to answer its first ping when the variant sets no
 * ContainerStartupHealthCheckTimeoutInSeconds (AWS documents no default; the emulator's choice).
 */
export const DEFAULT_STARTUP_TIMEOUT_S = 600;

/** Image URIs the emulator's configuration maps to commands, and what runs them. */
export interface LocalProcesses {
  commands: ImageCommands;
  containers: ProcessContainers;
}

export class Fleets implements FleetControl {
  private readonly serving = new Map<string, Serving>();

  constructor(
    private readonly fetchArtifact: (url: string) => Promise<Buffer | undefined>,
    private readonly startContainer: ContainerFactory,
    private readonly artifacts: LoadedArtifacts,
    /** Hears why a container did not start (AWS's FailureReason only points to the logs). */
    private readonly logger: Logger,
    private readonly processes?: LocalProcesses,
  ) {}

  async start(spec: FleetSpec, resumed = false): Promise<Fleet> {
    const launch = (v: VariantSpec) => this.launchContainers(v, resumed).then((c) => variantFleet(v, c));
    const launches = await Promise.allSettled([...spec.variants, ...spec.shadowVariants].map(launch));
    const failure = launches.find((l): l is PromiseRejectedResult => l.status === "rejected");
    const started = launches.flatMap((l) => (l.status === "fulfilled" ? [l.value] : []));
    if (failure) {
      // One variant could not start: the others' containers end with the fleet that never was.
      await stopAll(started.flatMap((v) => v.containers));
      throw failure.reason;
    }
    return {
      endpointConfigName: spec.endpointConfigName,
      variants: started.slice(0, spec.variants.length),
      shadowVariants: started.slice(spec.variants.length),
      dataCapture: spec.dataCapture,
      metricsIntervalS: spec.metricsIntervalS,
    };
  }

  resume(spec: FleetSpec, failed: (reason: string) => void): Fleet {
    const launches: Promise<Container[]>[] = [];
    const launch = (v: VariantSpec) => {
      const launching = this.launchContainers(v, true);
      launches.push(launching);
      const instances = Array.from(
        { length: Math.max(1, v.instanceCount) },
        (_, i) => new LaunchingContainer(launching.then((cs) => cs[i % cs.length]!)),
      );
      return variantFleet(v, instances);
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
    const before = this.serving.get(endpointName);
    this.serving.set(endpointName, serving);
    if (before) this.stopUnserved(before);
  }

  retire(endpointName: string): void {
    const before = this.serving.get(endpointName);
    this.serving.delete(endpointName);
    if (before) this.stopUnserved(before);
  }

  discard(fleet: Fleet): void {
    this.stopUnserved({ blue: fleet, greenShare: {} });
  }

  /** Stops every container still running (the emulator stops). */
  async close(): Promise<void> {
    const servings = [...this.serving.values()];
    this.serving.clear();
    await stopAll(new Set(servings.flatMap(servingContainers)));
    await this.processes?.containers.close();
  }

  /** Stops the containers of `before` that no endpoint serves from now (a resized fleet keeps its own). */
  private stopUnserved(before: Serving): void {
    const served = new Set([...this.serving.values()].flatMap(servingContainers));
    void stopAll(servingContainers(before).filter((c) => !served.has(c)));
  }

  get(endpointName: string): Serving | undefined {
    return this.serving.get(endpointName);
  }

  /**
   * Downloads and checks the variant's model data and starts its containers, which passed their
   * first ping: one per instance for a local process, one the instances share for a built-in algorithm.
   */
  private async launchContainers(v: VariantSpec, resumed: boolean): Promise<Container[]> {
    // Emulator limits, said plainly rather than imitated.
    if (v.serverless)
      throw new FleetStartError(
        `Production variant ${v.variantName} uses ServerlessConfig, which the local emulator does not support.`,
      );
    if (v.containers.length !== 1)
      throw new FleetStartError(
        `Production variant ${v.variantName} uses a multi-container model, which the local emulator does not support.`,
      );
    const { image = "", modelDataUrl, environment = {} } = v.containers[0]!;
    const command = this.processes && commandFor(this.processes.commands, image);
    const algorithm = algorithmOf(image);
    // An image the emulator cannot run behaves like a container that never answers /ping.
    if ((!command && !algorithm) || !modelDataUrl) throw new FleetStartError(failureReasons.ping(v.variantName));
    const fetched = await this.fetchArtifact(modelDataUrl);
    const artifact = fetched ?? (resumed ? await this.loadedCopy(modelDataUrl) : undefined);
    if (!artifact) throw new FleetStartError(failureReasons.download(1, modelDataUrl));
    if (!(await isTarGz(artifact))) throw new FleetStartError(failureReasons.extract(1, modelDataUrl));
    if (fetched) await this.artifacts.keep(modelDataUrl, fetched);
    let containers: Container[];
    try {
      containers =
        command && this.processes
          ? await this.processes.containers.launch({
              command,
              artifact,
              source: modelDataUrl,
              environment,
              instances: Math.max(1, v.instanceCount),
              startupTimeoutMs: (v.startupTimeoutS ?? DEFAULT_STARTUP_TIMEOUT_S) * 1000,
              variant: v.variantName,
            })
          : [await this.startContainer(algorithm!, artifact, modelDataUrl, image)];
    } catch (e) {
      this.logger.info("container did not start", { variant: v.variantName, modelDataUrl, error: errorText(e) });
      // A local process's model data is extracted in full: an archive that cannot be is SageMaker's extract failure.
      if (command && e instanceof ArtifactError) throw new FleetStartError(failureReasons.extract(1, modelDataUrl));
      throw new FleetStartError(failureReasons.ping(v.variantName));
    }
    if (!containers.every((c) => c.ping())) {
      await stopAll(containers);
      throw new FleetStartError(failureReasons.ping(v.variantName));
    }
    return containers;
  }

  /** The model data loaded before a restart; one that cannot be read counts as missing (download failure). */
  private loadedCopy(modelDataUrl: string): Promise<Buffer | undefined> {
    return this.artifacts.loaded(modelDataUrl).catch((e: unknown) => {
      this.logger.info("loaded model data unreadable", { modelDataUrl, error: errorText(e) });
      return undefined;
    });
  }
}
