/**
 * Opens every service's state in the state directory and binds each to its wire protocol.
 * The only place that knows which service speaks which protocol.
 */
import { join } from "node:path";
import type { AuthErrorFamily } from "../auth/errors";
import type { Random } from "../random";
import { CaptureWriter } from "../capture/writer";
import type { Clock } from "../clock";
import type { Logger } from "../log";
import type { Protocol } from "../protocols/types";
import type { ServiceKey } from "../routing";
import { ensureDir } from "../store/files";
import { Quarantine } from "../store/quarantine";
import { builtInContainers } from "../containers";
import type { ContainerFactory } from "../containers/container";
import type { ImageCommands } from "../containers/image-commands";
import { ProcessContainers } from "../containers/process-container";
import { LoadedArtifacts } from "../fleet/artifacts";
import { Fleets } from "../fleet/fleet";
import { awsJsonProtocol } from "../protocols/aws-json";
import { queryProtocol } from "../protocols/query";
import { CLOUDWATCH_TARGET, SAGEMAKER_TARGET } from "../routing";
import { AlarmStore } from "./cloudwatch/alarm-store";
import { AlarmEvaluator } from "./cloudwatch/evaluator";
import { MetricStore } from "./cloudwatch/metric-store";
import { CLOUDWATCH_INPUT_SHAPES, cloudWatchOperations } from "./cloudwatch/operations";
import { cwErrors } from "./cloudwatch/errors";
import { runtimeRest } from "./runtime/http";
import { s3Rest } from "./s3/http";
import { xmlBodyLimit } from "./s3/s3-xml-limits";
import { uploadBody } from "./s3/upload-body";
import type { SpoolRequest } from "../body-spool";
import type { Incoming } from "../http";
import { answeringDiskFull, apiDiskFull, s3DiskFull } from "./disk-full";
import { restProtocol } from "../protocols/rest";
import { Runtime } from "./runtime/invoke";
import { runtimeOperations } from "./runtime/operations";
import { MetricPublisher } from "./runtime/publication";
import { s3Operations } from "./s3/operations";
import { S3Store } from "./s3/store";
import { parseS3Url } from "../s3-uri";
import { SAGEMAKER_FLOAT_MEMBERS, SAGEMAKER_INPUT_SHAPES, sageMakerOperations } from "./sagemaker/operations";
import { resumeDeployments } from "./sagemaker/deployments";
import { resumeEndpoints } from "./sagemaker/endpoints";
import type { EndpointQuotas } from "./sagemaker/quotas";
import { keyOf, openSageMakerState } from "./sagemaker/state";
import { modelDataUrls } from "./sagemaker/fleet-specs";
import { resumeVariantChanges } from "./sagemaker/weights-and-capacities";

const CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/** A service's operation table in its wire format, and the wording of its authentication errors. */
export interface ServiceBinding extends Protocol {
  authFamily: AuthErrorFamily;
  /** The most body bytes a request with this head may send, when below the server's own caps. */
  bodyLimit?(head: Incoming): number | undefined;
  /** For a request whose body goes to disk rather than memory (S3 PutObject): where, and with which digests. */
  spool?(head: Incoming): SpoolRequest | undefined;
}

export interface Services {
  bindings: Record<ServiceKey, ServiceBinding>;
  close(): Promise<void>;
}

export interface ServicesOptions {
  stateDir: string;
  region: string;
  clock: Clock;
  provisioningDelayMs: number;
  instanceLaunchMs?: number;
  logger: Logger;
  /** Draws of the fleet/variant routing, the shadow copy and capture sampling. */
  random: Random;
  /** How long InvokeEndpoint waits for a container's answer. */
  invocationTimeoutMs: number;
  /** Starts the algorithm containers (default the built-in ones; tests wrap them to simulate faults). */
  containers?: ContainerFactory;
  /** Image URIs served by a local process, and its command (the emulator's own configuration). */
  imageCommands?: ImageCommands;
  /** Time between the end of an invocation-metrics interval and its datapoints reaching CloudWatch. */
  publicationDelayMs: number;
  /** Account quotas on endpoint instances. */
  quotas: EndpointQuotas;
}

/** S3: the object store, served over restXml. */
async function openS3(options: ServicesOptions, quarantine: Quarantine) {
  const store = await S3Store.open(join(options.stateDir, "s3"), () => options.clock.now(), quarantine);
  const binding: ServiceBinding = {
    ...restProtocol(s3Rest, answeringDiskFull(s3Operations(store), s3DiskFull)),
    authFamily: "s3",
    bodyLimit: (head) => xmlBodyLimit(s3Rest.route(head).operation),
    spool: (head) => uploadBody(head, store.stagingDir),
  };
  return { store, binding };
}

/**
 * CloudWatch: the metric and alarm stores, the alarm evaluator, and the publisher through which
 * SageMaker's invocation metrics reach the store (per interval and late); served over the query
 * protocol and awsJson1_0 (query-compatible: its errors carry the query codes, and so does
 * authentication).
 */
async function openCloudWatch(options: ServicesOptions, quarantine: Quarantine) {
  const dir = join(options.stateDir, "cloudwatch");
  const metrics = await MetricStore.open(dir, options.clock, quarantine, options.logger);
  const publisher = new MetricPublisher(metrics, options.clock, options.publicationDelayMs);
  const published = () => publisher.publishDue();
  const alarms = await AlarmStore.open(dir, options.clock, quarantine);
  const evaluator = new AlarmEvaluator(alarms, metrics, options.clock, publisher.delayMs, published);
  evaluator.start();
  const operations = answeringDiskFull(
    cloudWatchOperations({ metrics, alarms, clock: options.clock, region: options.region, beforeRead: published }),
    apiDiskFull,
  );
  const json: ServiceBinding = {
    ...awsJsonProtocol(
      { version: "1.0", targetPrefix: CLOUDWATCH_TARGET, queryCompatible: true, inputShapes: CLOUDWATCH_INPUT_SHAPES },
      operations,
    ),
    authFamily: "query",
  };
  const query: ServiceBinding = {
    ...queryProtocol(
      {
        xmlns: CLOUDWATCH_XMLNS,
        inputShapes: CLOUDWATCH_INPUT_SHAPES,
        invalidValue: (path, value) => cwErrors.invalidValue(path)(value),
      },
      operations,
    ),
    authFamily: "query",
  };
  return {
    alarms,
    publisher,
    json,
    query,
    close: async () => {
      publisher.close();
      await evaluator.stop();
      await metrics.close();
    },
  };
}

/**
 * SageMaker: models, configs and endpoints, their fleets (model data fetched from the emulator's
 * S3) and deployments, resumed where a previous process left them; served over awsJson1_1.
 */
async function openSageMaker(options: ServicesOptions, quarantine: Quarantine, s3: S3Store, alarms: AlarmStore) {
  const objectAt = (url: string) => {
    const location = parseS3Url(url);
    return location && s3.has(location.bucket, location.key) ? location : undefined;
  };
  const artifacts = await LoadedArtifacts.open(join(options.stateDir, "fleet-artifacts"));
  const processes = options.imageCommands?.size
    ? {
        commands: options.imageCommands,
        containers: await ProcessContainers.open(
          join(options.stateDir, "containers"),
          options.clock,
          options.provisioningDelayMs,
          options.logger,
        ),
      }
    : undefined;
  const fleets = new Fleets(
    async (url) => {
      const location = objectAt(url);
      return location && (await s3.get(location.bucket, location.key)).data;
    },
    options.containers ?? builtInContainers,
    artifacts,
    options.logger,
    processes,
  );
  const state = await openSageMakerState(
    join(options.stateDir, "sagemaker"),
    {
      region: options.region,
      clock: options.clock,
      modelDataExists: (url) => objectAt(url) !== undefined,
      fleets,
      provisioningDelayMs: options.provisioningDelayMs,
      instanceLaunchMs: options.instanceLaunchMs,
      alarmsInAlarm: (names, since) => names.filter((name) => alarms.alarmedSince(name, since)),
      quotas: options.quotas,
      logger: options.logger,
    },
    quarantine,
  );
  const quarantined = quarantine.summary();
  if (quarantined) process.emitWarning(quarantined, "EmulatorStateQuarantinedWarning");
  resumeEndpoints(state);
  await resumeDeployments(state);
  resumeVariantChanges(state);
  await artifacts.retain(modelDataUrls(state));
  const binding: ServiceBinding = {
    ...awsJsonProtocol(
      {
        version: "1.1",
        targetPrefix: SAGEMAKER_TARGET,
        floatMembers: SAGEMAKER_FLOAT_MEMBERS,
        inputShapes: SAGEMAKER_INPUT_SHAPES,
      },
      answeringDiskFull(sageMakerOperations(state), apiDiskFull),
    ),
    authFamily: "json",
  };
  return {
    state,
    fleets,
    binding,
    close: async () => {
      for (const cancel of state.timers) cancel();
      for (const rollout of state.rollouts.values()) rollout.stop();
      await fleets.close();
    },
  };
}

/**
 * SageMaker Runtime: InvokeEndpoint over the endpoints' serving fleets, with data capture into the
 * emulator's own S3 (a previous process's journal is delivered first); served over restJson1.
 */
async function openRuntime(
  options: ServicesOptions,
  s3: S3Store,
  sageMaker: Awaited<ReturnType<typeof openSageMaker>>,
  publisher: MetricPublisher,
) {
  const capture = await CaptureWriter.open(
    join(options.stateDir, "capture"),
    {
      put: async (bucket, key, body) =>
        void (await s3.putObject(bucket, key, body, { contentType: "application/octet-stream", metadata: {} })),
    },
    options.logger,
    undefined,
    options.clock,
  );
  const runtime = new Runtime({
    endpoint: (name) => {
      const record = sageMaker.state.endpoints.get(keyOf(name));
      return record && { name: record.name, status: record.status, serving: sageMaker.fleets.get(record.name) };
    },
    metrics: publisher,
    clock: options.clock,
    region: options.region,
    capture,
    random: options.random,
    invocationTimeoutMs: options.invocationTimeoutMs,
    logger: options.logger,
  });
  const binding: ServiceBinding = { ...restProtocol(runtimeRest, runtimeOperations(runtime)), authFamily: "json" };
  return {
    binding,
    close: async () => {
      await runtime.settle();
      await capture.close();
    },
  };
}

export async function openServices(options: ServicesOptions): Promise<Services> {
  await ensureDir(options.stateDir);
  const quarantine = new Quarantine(options.stateDir);
  const s3 = await openS3(options, quarantine);
  const cloudWatch = await openCloudWatch(options, quarantine);
  const sageMaker = await openSageMaker(options, quarantine, s3.store, cloudWatch.alarms);
  const runtime = await openRuntime(options, s3.store, sageMaker, cloudWatch.publisher);
  return {
    bindings: {
      s3: s3.binding,
      sagemaker: sageMaker.binding,
      runtime: runtime.binding,
      cloudwatchJson: cloudWatch.json,
      cloudwatchQuery: cloudWatch.query,
    },
    close: async () => {
      await sageMaker.close();
      await runtime.close();
      await cloudWatch.close();
    },
  };
}
