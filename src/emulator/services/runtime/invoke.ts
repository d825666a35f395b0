/**
 * InvokeEndpoint's behaviour (reference §5, §6): find the serving fleets, pick a fleet and variant
 * (routing.ts) and an instance round-robin, run the container, turn container errors into
 * ModelError (424), and record the AWS/SageMaker invocation metrics of every request.
 *
 * Shadow variants and data capture:
 * - A request is copied to the shadow variant with probability shadow weight / production weight
 *   (capped at 1, routing.ts). The copy runs after the caller's reply is written, so it
 *   never delays it, and its answer – success or failure – only reaches the shadow's metrics
 *   (same names, the shadow's VariantName) and data capture.
 * - Capture is sampled once per request (InitialSamplingPercentage): a sampled request is
 *   captured on production and, when copied, on the shadow too, so captured shadow records
 *   always have their production pair (inferred; AWS documents no rule). Both records carry the
 *   request's arrival time. The reply waits for the production record to be acknowledged
 *   (journaled, capture/writer.ts), so every answered request's record survives a crash.
 *
 * A container that does not answer within the invocation timeout (60 s, as on SageMaker;
 * configurable) or goes away without answering is ModelError 424 "Received server error (0)"
 * with AWS's messages, recorded as an Invocation5XXError; the emulator goes on serving meanwhile.
 */
import type { InvokeEndpointCommandInput } from "@aws-sdk/client-sagemaker-runtime";
import { captureSettings, type CaptureSettings } from "../../capture/record";
import type { CaptureWriter } from "../../capture/writer";
import type { Clock } from "../../clock";
import { ACCOUNT_ID, DEFAULT_INVOCATION_TIMEOUT_MS } from "../../config";
import type { InvocationResult } from "../../../models";
import type { Container } from "../../containers/container";
import { faultyContainer } from "../../containers/faults";
import { ServiceError } from "../../errors";
import type { Fleet, Serving, VariantFleet } from "../../fleet/fleet";
import { errorText, type Logger } from "../../log";
import { draw, type Random } from "../../random";
import type { Dimension } from "../cloudwatch/metric-id";
import { modelNotReady, runtimeValidator, validationError } from "./errors";
import type { MetricPublisher } from "./publication";
import { route, shadowCopyProbability } from "./routing";

const MAX_PAYLOAD_BYTES = 6_291_456;
/** AWS's `\A\S[\p{Print}]*\z` in JS terms (printable = not a control/format/unassigned code point). */
const INFERENCE_ID = new RegExp("^\\S[\\P{C}]*$", "u");

/** The SDK's InvokeEndpoint input as received: the endpoint named, the body as the bytes sent. */
export type InvokeEndpointInput = Omit<InvokeEndpointCommandInput, "EndpointName" | "Body"> & {
  EndpointName: string;
  Body: Buffer;
};

export interface InvokeEndpointOutput {
  Body: string;
  ContentType: string;
  InvokedProductionVariant: string;
}

export interface ServingEndpoint {
  name: string;
  status: string;
  /** The fleets answering requests (two during a deployment); none before the first is up. */
  serving?: Serving;
}

/**
 * The Content-Type of a request that names none, as the container and data capture see it:
 * SageMaker passes the request's on, and the SDK's default for a body is octet-stream.
 */
const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/**
 * What came back from a container: its answer, or none — it did not answer within the
 * invocation timeout, or it went away (crashed) before answering.
 */
type Answer = { result: InvocationResult; computeUs?: number } | { noResponse: "timeout" | "crash" };

/** The status a request without a container response is recorded and reported with (AWS's "server error (0)"). */
const NO_RESPONSE = 0;
/** The status of a request the Runtime itself failed (InternalFailure). */
const INTERNAL_FAILURE = 500;

const statusOf = (answer: Answer) => ("result" in answer ? answer.result.status : NO_RESPONSE);

export interface RuntimeOptions {
  /** The endpoint of that name as the Runtime serves it, or undefined when there is none. */
  endpoint(name: string): ServingEndpoint | undefined;
  /** Where the invocation metrics go (published per interval). */
  metrics: Pick<MetricPublisher, "record">;
  clock: Clock;
  region: string;
  capture: CaptureWriter;
  /** Draws of the routing, the shadow copy and capture sampling. */
  random: Random;
  /** How long a container may take to answer (default SageMaker's 60 s). */
  invocationTimeoutMs?: number;
  /** Hears what no caller sees: a container's crash, a shadow copy that failed. */
  logger: Logger;
}

export class Runtime {
  /** Shadow copies not finished yet, awaited on shutdown so their records are flushed too. */
  private readonly shadowCopies = new Set<Promise<void>>();
  private readonly options: Required<RuntimeOptions>;

  constructor(options: RuntimeOptions) {
    this.options = { ...options, invocationTimeoutMs: options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS };
  }

  async invoke(req: InvokeEndpointInput): Promise<InvokeEndpointOutput> {
    const started = performance.now();
    const time = this.options.clock.now();
    this.validate(req);
    const endpoint = this.options.endpoint(req.EndpointName);
    if (!endpoint) throw validationError(`Endpoint ${req.EndpointName} of account ${ACCOUNT_ID} not found.`);
    if (!endpoint.serving)
      throw validationError(
        `Endpoint ${endpoint.name} of account ${ACCOUNT_ID} is in status ${endpoint.status}, not InService.`,
      ); // inferred wording
    const { fleet, variant } = route(endpoint.serving, req.TargetVariant, endpoint.name, this.options.random);
    const { answer, record } = await this.run(endpoint.name, fleet, variant, req, started);
    const result = "result" in answer ? answer.result : undefined;
    let capture: CaptureSettings | undefined;
    try {
      // Capture follows the fleet that answered: during a deployment, green requests are captured as the new config says.
      // A request the container never answered has no output to capture.
      const settings = captureSettings(fleet.dataCapture);
      capture =
        result && settings && draw(this.options.random, settings.samplingPercentage / 100) ? settings : undefined;
      if (capture && result) await this.captureInvocation(endpoint.name, variant.name, req, time, result, capture);
    } catch (e) {
      // Should the Runtime itself fail after the container answered (a bug, as a malformed capture URI once was),
      // the caller gets a 5XX (InternalFailure), and CloudWatch counts what the caller got.
      record(INTERNAL_FAILURE);
      throw e;
    }
    record(statusOf(answer));
    const shadow = fleet.shadowVariants[0];
    if (shadow && draw(this.options.random, shadowCopyProbability(variant.weight, shadow.weight)))
      this.copyToShadow(endpoint.name, fleet, shadow, req, time, capture);
    if ("noResponse" in answer)
      throw this.modelError(endpoint.name, NO_RESPONSE, this.noResponseMessage(endpoint.name, answer.noResponse));
    const { result: answered } = answer;
    if (answered.status >= 400) throw this.modelError(endpoint.name, answered.status, answered.body);
    return { Body: answered.body, ContentType: answered.contentType, InvokedProductionVariant: variant.name };
  }

  /** Waits for the shadow copies in flight. */
  async settle(): Promise<void> {
    await Promise.all(this.shadowCopies);
  }

  /** One variant's container answers the request (or does not); `record` writes its metrics once the status the caller gets is known. */
  private async run(
    endpointName: string,
    fleet: Fleet,
    variant: VariantFleet,
    req: InvokeEndpointInput,
    started: number,
  ): Promise<{ answer: Answer; record: (status: number) => void }> {
    const instance = variant.pick();
    if (!instance.container.ping()) throw modelNotReady(endpointName, variant.name);
    // Partial faults happen inside the container: they count in ModelLatency and as the container's own errors.
    const container = variant.faults
      ? faultyContainer(instance.container, variant.faults, this.options.random)
      : instance.container;
    const modelStarted = performance.now();
    const answer = await this.ask(container, req, (e) =>
      this.options.logger.info("container crashed without answering", {
        endpoint: endpointName,
        variant: variant.name,
        error: errorText(e),
      }),
    );
    const finished = performance.now();
    const modelUs = ("computeUs" in answer ? answer.computeUs : undefined) ?? (finished - modelStarted) * 1000;
    return {
      answer,
      record: (status) => this.record(endpointName, fleet, variant, status, modelUs, (modelStarted - started) * 1000),
    };
  }

  /** The container's answer; one that has not come within the invocation timeout is given up on. */
  private async ask(
    container: Container,
    req: InvokeEndpointInput,
    crashed: (error: unknown) => void,
  ): Promise<Answer> {
    const crash = (e: unknown): Answer => {
      crashed(e);
      return { noResponse: "crash" };
    };
    let pending: InvocationResult | Promise<InvocationResult>;
    const cpu = process.cpuUsage();
    const began = performance.now();
    try {
      pending = container.invoke(req.Body, req.ContentType ?? DEFAULT_CONTENT_TYPE, req.Accept);
    } catch (e) {
      return crash(e);
    }
    if (!(pending instanceof Promise)) {
      // A model that answers at once computes on its instance's own CPU: its latency is that CPU time,
      // not the time a busy host kept the emulator's single process from running it.
      const used = process.cpuUsage(cpu);
      return { result: pending, computeUs: Math.min((performance.now() - began) * 1000, used.user + used.system) };
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Answer>((resolve) => {
      timer = setTimeout(() => resolve({ noResponse: "timeout" }), this.options.invocationTimeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([pending.then((result): Answer => ({ result }), crash), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** AWS's messages for a request the container did not answer (observed on AWS). */
  private noResponseMessage(endpointName: string, why: "timeout" | "crash"): string {
    return why === "timeout"
      ? "Your invocation timed out while waiting for a response from container primary. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again."
      : `Amazon SageMaker could not get a response from the ${endpointName} endpoint. This can occur when CPU or memory utilization is high. To check your utilization, see Amazon CloudWatch. To fix this problem, use an instance type with more CPU capacity or memory.`;
  }

  /**
   * setImmediate runs after the microtasks that write the production reply, so the copy starts
   * once the caller has its answer.
   */
  private copyToShadow(
    endpointName: string,
    fleet: Fleet,
    shadow: VariantFleet,
    req: InvokeEndpointInput,
    time: number,
    capture: CaptureSettings | undefined,
  ): void {
    const copy = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const { answer, record } = await this.run(endpointName, fleet, shadow, req, performance.now());
        record(statusOf(answer));
        if (capture && "result" in answer)
          await this.captureInvocation(endpointName, shadow.name, req, time, answer.result, capture);
      })
      .catch((e: unknown) => {
        // A container answers errors rather than throwing; should one throw anyway, the caller already has its reply.
        this.options.logger.info("shadow copy dropped", {
          endpoint: endpointName,
          variant: shadow.name,
          error: errorText(e),
        });
      });
    this.shadowCopies.add(copy);
    void copy.then(() => this.shadowCopies.delete(copy));
  }

  private captureInvocation(
    endpointName: string,
    variantName: string,
    req: InvokeEndpointInput,
    time: number,
    result: InvocationResult,
    capture: CaptureSettings,
  ): Promise<boolean> {
    return this.options.capture.capture(
      {
        endpointName,
        variantName,
        time,
        inferenceId: req.InferenceId,
        input: { body: req.Body, contentType: req.ContentType ?? DEFAULT_CONTENT_TYPE },
        output: { body: Buffer.from(result.body), contentType: result.contentType },
        status: result.status,
      },
      capture,
    );
  }

  private validate(req: InvokeEndpointInput): void {
    const v = runtimeValidator();
    v.string("inferenceId", req.InferenceId, { min: 1, max: 64, pattern: INFERENCE_ID });
    if (req.Body.length > MAX_PAYLOAD_BYTES) {
      throw validationError(
        `1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`,
      );
    }
    v.check();
  }

  private modelError(endpointName: string, status: number, message: string): ServiceError {
    const kind = status >= 400 && status < 500 ? "client error" : "server error";
    const group = `/aws/sagemaker/Endpoints/${endpointName}`;
    const r = this.options.region;
    return new ServiceError(
      "ModelError",
      `Received ${kind} (${status}) from primary with message "${message}". See https://${r}.console.aws.amazon.com/cloudwatch/home?region=${r}#logEventViewer:group=${group} in account ${ACCOUNT_ID} for more information.`,
      424,
      "Sender",
      {
        OriginalStatusCode: status,
        OriginalMessage: message,
        LogStreamArn: `arn:aws:logs:${r}:${ACCOUNT_ID}:log-group:${group}`,
      },
    );
  }

  /**
   * The AWS/SageMaker per-request metrics (reference §5); latencies in microseconds. Each is
   * recorded per variant (EndpointName, VariantName: what alarms watch) and per variant of the
   * fleet that answered (+ EndpointConfigName: what shows traffic moving between configurations
   * during a deployment). Inferred: the second series is recorded from the first request on, not
   * only once a deployment starts. They are published at the answering fleet's interval
   * (publication.ts): during a deployment each fleet publishes as its own config says (inferred).
   */
  private record(
    endpointName: string,
    fleet: Fleet,
    variant: VariantFleet,
    status: number,
    modelUs: number,
    overheadUs: number,
  ): void {
    const variantDimensions: Dimension[] = [
      { Name: "EndpointName", Value: endpointName },
      { Name: "VariantName", Value: variant.name },
    ];
    const fleetDimensions: Dimension[] = [
      ...variantDimensions,
      { Name: "EndpointConfigName", Value: fleet.endpointConfigName },
    ];
    const now = this.options.clock.now();
    const put = (metricName: string, value: number, unit: string) => {
      for (const dimensions of [variantDimensions, fleetDimensions])
        this.options.metrics.record(
          { namespace: "AWS/SageMaker", metricName, dimensions },
          now,
          value,
          unit,
          fleet.metricsIntervalS,
        );
    };
    put("Invocations", 1, "None");
    put("InvocationsPerInstance", 1 / variant.instanceCount, "None");
    put("Invocation4XXErrors", status >= 400 && status < 500 ? 1 : 0, "None");
    // No response at all (timeout, crash) counts as a server error (inferred).
    put("Invocation5XXErrors", status >= 500 || status === NO_RESPONSE ? 1 : 0, "None");
    put("InvocationModelErrors", status >= 400 || status === NO_RESPONSE ? 1 : 0, "None");
    put("ModelLatency", Math.round(modelUs), "Microseconds");
    put("OverheadLatency", Math.round(overheadUs), "Microseconds");
  }
}
