/**
 * Task 3 after each shadow config is live: traffic with InferenceIds, and
 * production vs shadow compared by errors, latency and, from the captured
 * predictions, accuracy and agreement.
 */
import { DataFrame } from "danfojs-node";
import { confusionMatrices } from "../view/charts/confusion";
import type { Figure } from "../view/charts/figure";
import { publishedQualityBars, qualityChart, variantOverlay } from "../view/charts/shadow";
import { DescribeEndpointConfigCommand } from "@aws-sdk/client-sagemaker";
import type { Slot } from "../aws/config";
import { CLASS_NAMES } from "../aws/data";
import { untilPublished } from "../aws/published";
import { describeEndpoint } from "../aws/deploy/watch";
import { NotebookError, withNextStep } from "../aws/errors";
import { liveLine } from "../view/live/log";
import { endpointMetricQueries, metricSeries, trafficWindow, variantDimensions } from "../aws/metrics";
import {
  compareVariants,
  errorRate,
  publishComparison,
  SHADOW_NAMESPACE,
  readCaptures,
  type CaptureRecord,
  type ShadowComparison,
} from "../aws/shadow";
import { sendTraffic, summarize, type TrafficSummary } from "../aws/traffic";
import type { Session } from "../aws/session";
import { PRODUCTION_VARIANT, SHADOW_VARIANT } from "./variants";

/**
 * One shadow test: the config it ran on, the traffic sent, and production compared with shadow from
 * the captured predictions.
 */
export interface ShadowRun {
  slot: Slot;
  configName: string;
  traffic: TrafficSummary;
  comparison: ShadowComparison;
  startedAt: Date;
  finishedAt: Date;
}

/** What a shadow test reads from the endpoint's current config: its variants and where it captures. */
interface ShadowSetup {
  configName: string;
  production: string;
  shadow: string;
  bucket: string;
  prefix: string;
}

async function shadowSetup(session: Session): Promise<ShadowSetup> {
  const { clients, config } = session;
  const endpoint = await describeEndpoint(clients, config.endpointName);
  if (!endpoint) throw new NotebookError(`Endpoint ${config.endpointName} does not exist: run Task 1 first.`);
  const name = endpoint.EndpointConfigName ?? "";
  const cfg = await clients.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
  const production = cfg.ProductionVariants?.[0]?.VariantName;
  const shadow = cfg.ShadowProductionVariants?.[0]?.VariantName;
  const destination = /^s3:\/\/([^/]+)\/?(.*?)\/?$/.exec(cfg.DataCaptureConfig?.DestinationS3Uri ?? "");
  if (!production || !shadow || !destination || cfg.DataCaptureConfig?.EnableCapture === false) {
    throw new NotebookError(
      `The endpoint serves ${name}, which has no shadow variant with data capture: run the UpdateEndpoint cell above first.`,
    );
  }
  return { configName: name, production, shadow, bucket: destination[1] ?? "", prefix: destination[2] ?? "" };
}

/** Polls data capture until both variants' records of this run are in S3 (captures flush asynchronously). */
async function waitForCaptures(
  session: Session,
  setup: ShadowSetup,
  runTag: string,
  expected: number,
): Promise<CaptureRecord[]> {
  const { endpointName, target } = session.config;
  // On AWS capture files arrive within minutes; the emulator flushes within seconds.
  const deadline = Date.now() + (target === "aws" ? 15 : 1) * 60_000;
  const line = liveLine();
  for (;;) {
    const records = (await readCaptures(session.clients, setup.bucket, setup.prefix, endpointName)).filter((r) =>
      r.inferenceId?.startsWith(runTag),
    );
    const count = (variant: string): number => records.filter((r) => r.variant === variant).length;
    const text = `data capture: ${count(setup.production)} production and ${count(setup.shadow)} shadow records of ${expected} requests`;
    if ((count(setup.production) >= expected && count(setup.shadow) >= expected) || Date.now() > deadline) {
      line.done(text);
      return records;
    }
    line.update(text);
    // Polls at the profile's pace in the service's time (a real tenth of a second at least); the deadline stays real.
    const { clock } = session.clients;
    await clock.sleep(Math.max(session.config.profile.pollMs * 2, 100 * clock.scale));
  }
}

/**
 * Sends the test set (with InferenceIds) to the endpoint as it stands – a
 * config with a shadow variant and data capture – and compares production
 * with shadow from the captured predictions; the comparison is published to
 * CloudWatch. `slot` k names the pair v1-k / v2-k in titles.
 */
export function shadowTest(session: Session, slot: Slot): Promise<ShadowRun> {
  return withNextStep(session, async () => {
    const { clients, config, payloads } = session;
    const setup = await shadowSetup(session);
    const startedAt = new Date(clients.clock.now());
    const runTag = `shadow-${slot}-${startedAt.getTime().toString(36)}`;
    const records = await sendTraffic(clients, config.endpointName, payloads.rows, {
      requestsPerSecond: config.profile.shadowRequestsPerSecond,
      count: Math.min(config.profile.shadowRequests, payloads.rows.length),
      inferenceIdPrefix: runTag,
    });
    session.lastTrafficAt = clients.clock.now();
    const captures = await waitForCaptures(session, setup, runTag, records.length);
    const labelOf = (id: string): number | undefined =>
      payloads.labels[Number(id.slice(runTag.length + 1)) % payloads.labels.length];
    const comparison = compareVariants(captures, setup.production, setup.shadow, labelOf, CLASS_NAMES.length);
    await publishComparison(clients, setup.configName, comparison);
    return {
      slot,
      configName: setup.configName,
      traffic: summarize(records),
      comparison,
      startedAt,
      finishedAt: new Date(clients.clock.now()),
    };
  });
}

/** A shadow run as a table: production and shadow, each with requests, predictions, errors and accuracy. */
export function comparisonTable(run: ShadowRun): DataFrame {
  const row = (role: string, q: ShadowComparison["production"]) => ({
    role,
    variant: q.variant,
    requests: q.requests,
    predictions: q.predictions,
    errors: q.requests - q.predictions,
    accuracy: Number(q.accuracy.toFixed(4)),
  });
  return new DataFrame([row("production", run.comparison.production), row("shadow", run.comparison.shadow)]);
}

/** A shadow run in two lines: the traffic, then both accuracies, their agreement and the shadow's errors. */
export function comparisonText(run: ShadowRun): string {
  const c = run.comparison;
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  if (c.shadow.requests > 0 && c.shadow.predictions === 0) {
    return [
      `🔍 Shadow test ${run.configName}: ${run.traffic.sent} requests, ${run.traffic.errors} production errors seen by the caller.`,
      `   production accuracy ${pct(c.production.accuracy)} · shadow accuracy n/a – all ${c.shadow.requests} requests failed` +
        ` · shadow errors ${c.shadow.requests}`,
    ].join("\n");
  }
  return [
    `🔍 Shadow test ${run.configName}: ${run.traffic.sent} requests, ${run.traffic.errors} production errors seen by the caller.`,
    `   production accuracy ${(c.production.accuracy * 100).toFixed(1)} % · shadow accuracy ${(c.shadow.accuracy * 100).toFixed(1)} %` +
      ` · agreement ${(c.agreement * 100).toFixed(1)} % over ${c.joined} joined requests` +
      ` · shadow errors ${c.shadow.requests - c.shadow.predictions}`,
  ].join("\n");
}

/**
 * Invocations, latency and 5XX per variant from CloudWatch over the run (the shadow's invocations show it
 * got a copy of every request), then accuracy and confusion charts from the captures.
 */
export async function shadowCharts(session: Session, run: ShadowRun): Promise<Figure[]> {
  const { endpointName } = session.config;
  await untilPublished(session);
  // The run also waits for data capture: fit the window to its traffic.
  const window = await trafficWindow(
    session.clients,
    variantDimensions(endpointName, PRODUCTION_VARIANT, run.configName),
    run.startedAt.getTime(),
    run.finishedAt.getTime(),
    session.config.profile.metricsPublication.intervalSeconds,
  );
  const [prod, shadow] = await Promise.all(
    [PRODUCTION_VARIANT, SHADOW_VARIANT].map((v) =>
      metricSeries(session.clients, endpointMetricQueries(endpointName, v, run.configName), window),
    ),
  );
  const c = run.comparison;
  const shadowOnlyErrors = c.shadow.requests > 0 && c.shadow.predictions === 0;
  const overlay = (metric: string, title: string, yTitle: string, aggregate: "sum" | "average"): Figure =>
    variantOverlay(
      { production: prod?.find((s) => s.label === metric), shadow: shadow?.find((s) => s.label === metric) },
      {
        title: `${title} – ${run.configName} (per ${window.periodSeconds} s)`,
        yTitle,
        aggregate,
        window: window.shown,
        shadowOnlyErrors: shadowOnlyErrors && metric.endsWith("Latency"),
        clock: session.clients.clock.label,
      },
    );
  return [
    overlay("Invocations", "Invocations: Production vs Shadow", "requests / period", "sum"),
    overlay("ModelLatency", "ModelLatency: Production vs Shadow", "µs", "average"),
    overlay("Invocation5XXErrors", "5XX Errors: Production vs Shadow", "errors / period", "sum"),
    qualityChart({
      configName: run.configName,
      requests: c.shadow.requests,
      productionAccuracy: c.production.accuracy,
      shadowAccuracy: c.shadow.predictions > 0 ? c.shadow.accuracy : undefined,
      agreement: c.shadow.predictions > 0 ? c.agreement : undefined,
      shadowErrorRate: errorRate(c.shadow),
    }),
    confusionMatrices(`Confusion matrices – ${run.configName} (rows: share of each true class)`, CLASS_NAMES, [
      { name: `production v1-${run.slot} (${PRODUCTION_VARIANT})`, ...c.production },
      { name: `shadow v2-${run.slot} (${SHADOW_VARIANT})`, ...c.shadow },
    ]),
  ];
}

const PUBLISHED = [
  { label: "production accuracy", metric: "Accuracy", role: "production" },
  { label: "shadow accuracy", metric: "Accuracy", role: "shadow" },
  { label: "agreement", metric: "Agreement", role: "pair" },
  { label: "shadow error rate", metric: "ErrorRate", role: "shadow" },
] as const;

/**
 * The prediction-quality metrics as CloudWatch has them (read back, not
 * recomputed): one group of bars per shadow config, latest value of each.
 */
export async function publishedQualityChart(session: Session, runs: readonly ShadowRun[]): Promise<Figure> {
  const start = new Date(Math.min(...runs.map((r) => r.startedAt.getTime())) - 60_000);
  const end = new Date(Math.max(...runs.map((r) => r.finishedAt.getTime())) + 60_000);
  const configs = runs.map((r) => r.configName);
  const series = await metricSeries(
    session.clients,
    configs.flatMap((c) =>
      PUBLISHED.map((p) => ({
        label: `${c}|${p.label}`,
        namespace: SHADOW_NAMESPACE,
        metric: p.metric,
        stat: "Maximum",
        dimensions: [
          { Name: "EndpointConfigName", Value: c },
          { Name: "Role", Value: p.role },
        ],
      })),
    ),
    // One period spanning the whole of Task 3: each series collapses to its value.
    { start, end, periodSeconds: Math.ceil((end.getTime() - start.getTime()) / 60_000) * 60 },
  );
  const latest = (label: string): number =>
    Math.max(0, ...(series.find((s) => s.label === label)?.values ?? []).map((v) => v ?? 0));
  // A shadow that predicted nothing has no accuracy nor agreement to show.
  const predicted = (c: string): boolean => runs.some((r) => r.configName === c && r.comparison.shadow.predictions > 0);
  return publishedQualityBars(
    `Shadow tests as published to CloudWatch (${SHADOW_NAMESPACE})`,
    configs,
    PUBLISHED.map((p) => ({
      label: p.label,
      values: configs.map((c) =>
        p.label === "shadow accuracy" || p.label === "agreement"
          ? predicted(c)
            ? latest(`${c}|${p.label}`)
            : undefined
          : latest(`${c}|${p.label}`),
      ),
    })),
  );
}
