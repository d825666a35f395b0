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
import { restProtocol } from "../protocols/rest";
import { Runtime } from "./runtime/invoke";
import { runtimeOperations } from "./runtime/operations";
import { MetricPublisher } from "./runtime/publication";
import { s3Operations } from "./s3/operations";
import { S3Store } from "./s3/store";
import { parseS3Url } from "../s3-uri";
import { SAGEMAKER_FLOAT_MEMBERS, sageMakerOperations } from "./sagemaker/operations";
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
  logger: Logger;
  /** Draws of the fleet/variant routing, the shadow copy and capture sampling. */
  random: Random;
  /** How long InvokeEndpoint waits for a container's answer. */
  invocationTimeoutMs: number;
  /** Starts the algorithm containers (default the built-in ones; tests wrap them to simulate faults). */
  containers?: ContainerFactory;
  /** Time between the end of an invocation-metrics interval and its datapoints reaching CloudWatch. */
  publicationDelayMs: number;
  /** Account quotas on endpoint instances. */
  quotas: EndpointQuotas;
}

export async function openServices(options: ServicesOptions): Promise<Services> {
  await ensureDir(options.stateDir);
  const quarantine = new Quarantine(options.stateDir);
  const s3 = await S3Store.open(join(options.stateDir, "s3"), () => options.clock.now(), quarantine);
  const s3Binding: ServiceBinding = { ...restProtocol(s3Rest, s3Operations(s3)), authFamily: "s3" };

  const metrics = await MetricStore.open(
    join(options.stateDir, "cloudwatch"),
    options.clock,
    quarantine,
    options.logger,
  );
  // SageMaker's invocation metrics reach the store through the publisher, per interval and late.
  const publisher = new MetricPublisher(metrics, options.clock, options.publicationDelayMs);
  const published = () => publisher.publishDue();
  const alarms = await AlarmStore.open(join(options.stateDir, "cloudwatch"), options.clock, quarantine);
  const evaluator = new AlarmEvaluator(alarms, metrics, options.clock, publisher.delayMs, published);
  evaluator.start();

  const objectAt = (url: string) => {
    const location = parseS3Url(url);
    return location && s3.has(location.bucket, location.key) ? location : undefined;
  };
  const artifacts = await LoadedArtifacts.open(join(options.stateDir, "fleet-artifacts"));
  const fleets = new Fleets(
    async (url) => {
      const location = objectAt(url);
      return location && (await s3.get(location.bucket, location.key)).data;
    },
    options.containers ?? builtInContainers,
    artifacts,
    options.logger,
  );
  const sageMaker = await openSageMakerState(
    join(options.stateDir, "sagemaker"),
    {
      region: options.region,
      clock: options.clock,
      modelDataExists: (url) => objectAt(url) !== undefined,
      fleets,
      provisioningDelayMs: options.provisioningDelayMs,
      alarmsInAlarm: (names) => names.filter((name) => alarms.inAlarm(name)),
      quotas: options.quotas,
      logger: options.logger,
    },
    quarantine,
  );
  const quarantined = quarantine.summary();
  if (quarantined) process.emitWarning(quarantined, "EmulatorStateQuarantinedWarning");
  await resumeEndpoints(sageMaker);
  await resumeDeployments(sageMaker);
  resumeVariantChanges(sageMaker);
  await artifacts.retain(modelDataUrls(sageMaker));
  const sageMakerBinding: ServiceBinding = {
    ...awsJsonProtocol(
      { version: "1.1", targetPrefix: SAGEMAKER_TARGET, floatMembers: SAGEMAKER_FLOAT_MEMBERS },
      sageMakerOperations(sageMaker),
    ),
    authFamily: "json",
  };

  const cloudWatchOps = cloudWatchOperations({
    metrics,
    alarms,
    clock: options.clock,
    region: options.region,
    beforeRead: published,
  });
  // The JSON protocol is query-compatible: its errors carry the query codes, and so does authentication.
  const cloudWatchJson: ServiceBinding = {
    ...awsJsonProtocol(
      { version: "1.0", targetPrefix: CLOUDWATCH_TARGET, queryCompatible: true, inputShapes: CLOUDWATCH_INPUT_SHAPES },
      cloudWatchOps,
    ),
    authFamily: "query",
  };
  const cloudWatchQuery: ServiceBinding = {
    ...queryProtocol(
      {
        xmlns: CLOUDWATCH_XMLNS,
        inputShapes: CLOUDWATCH_INPUT_SHAPES,
        invalidValue: (path, value) => cwErrors.invalidValue(path)(value),
      },
      cloudWatchOps,
    ),
    authFamily: "query",
  };

  // Data capture files go to the emulator's own S3; a previous process's journal is delivered first.
  const capture = await CaptureWriter.open(
    join(options.stateDir, "capture"),
    {
      put: async (bucket, key, body) =>
        void (await s3.putObject(bucket, key, body, { contentType: "application/octet-stream", metadata: {} })),
    },
    options.logger,
  );
  const runtime = new Runtime({
    endpoint: (name) => {
      const record = sageMaker.endpoints.get(keyOf(name));
      return record && { name: record.name, status: record.status, serving: fleets.get(record.name) };
    },
    metrics: publisher,
    clock: options.clock,
    region: options.region,
    capture,
    random: options.random,
    invocationTimeoutMs: options.invocationTimeoutMs,
    logger: options.logger,
  });
  const runtimeBinding: ServiceBinding = {
    ...restProtocol(runtimeRest, runtimeOperations(runtime)),
    authFamily: "json",
  };

  return {
    bindings: {
      s3: s3Binding,
      sagemaker: sageMakerBinding,
      runtime: runtimeBinding,
      cloudwatchJson: cloudWatchJson,
      cloudwatchQuery: cloudWatchQuery,
    },
    close: async () => {
      for (const cancel of sageMaker.timers) cancel();
      for (const rollout of sageMaker.rollouts.values()) rollout.stop();
      await runtime.settle();
      await capture.close();
      publisher.close();
      await evaluator.stop();
      await metrics.close();
    },
  };
}
