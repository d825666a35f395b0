/**
 * The traffic generator: sends payload rows to an endpoint at a steady rate
 * and records every request's outcome. Requests are launched on schedule
 * whether or not earlier ones have answered, so a slow fleet cannot lower the
 * offered load – as with real clients.
 */
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import type { Clients } from "./clients";
import { paceShortfall } from "./traffic-pace";
import { liveLine, log } from "../view/live/log";

export interface RequestRecord {
  /** Sequence number, 0-based. */
  index: number;
  /** Epoch ms when the request was sent. */
  sentAt: number;
  latencyMs: number;
  ok: boolean;
  /** The production variant that answered (x-Amzn-Invoked-Production-Variant). */
  variant?: string;
  inferenceId?: string;
  /** Response body on success, error text on failure. */
  body: string;
  /** Error name (ModelError, ValidationError, …) when the request failed. */
  error?: string;
  /** The container's status code behind a ModelError. */
  originalStatusCode?: number;
}

export interface TrafficOptions {
  requestsPerSecond: number;
  /** Stop after this many requests … */
  count?: number;
  /** … or when this promise settles (whichever comes first). */
  until?: Promise<unknown>;
  /** Give request i the InferenceId `${prefix}-${i}` (data capture joins on it). */
  inferenceIdPrefix?: string;
  /** Show the `.`/`E` progress line (default true). */
  progress?: boolean;
}

export async function invokeOnce(
  clients: Clients,
  endpointName: string,
  row: string,
  index: number,
  inferenceId?: string,
): Promise<RequestRecord> {
  const sentAt = clients.clock.now();
  const started = performance.now();
  try {
    const out = await clients.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: endpointName,
        ContentType: "text/csv",
        Accept: "application/json",
        Body: new TextEncoder().encode(row),
        InferenceId: inferenceId,
      }),
    );
    return {
      index,
      sentAt,
      latencyMs: performance.now() - started,
      ok: true,
      variant: out.InvokedProductionVariant,
      inferenceId,
      body: new TextDecoder().decode(out.Body),
    };
  } catch (e) {
    const err = e as { name?: string; message?: string; OriginalStatusCode?: number };
    return {
      index,
      sentAt,
      latencyMs: performance.now() - started,
      ok: false,
      inferenceId,
      body: err.message ?? String(e),
      error: err.name ?? "Error",
      originalStatusCode: err.OriginalStatusCode,
    };
  }
}

/** The SDK's socket pool per client (NodeHttpHandler's maxSockets): more would only wait in its queue. */
const MAX_IN_FLIGHT = 50;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Progress as the original notebook printed it: `.` per success, `E` per failure, 100 per line. */
export function progressText(records: readonly RequestRecord[]): string {
  const marks = records.map((r) => (r.ok ? "." : "E")).join("");
  return marks.replace(/(.{100})(?=.)/g, "$1\n");
}

/**
 * Sends rows (cycling through them) at `requestsPerSecond` until `count`
 * requests were sent or `until` settles; resolves when every sent request
 * has answered, with the records in send order.
 */
export async function sendTraffic(
  clients: Clients,
  endpointName: string,
  rows: readonly string[],
  options: TrafficOptions,
): Promise<RequestRecord[]> {
  if (rows.length === 0) throw new Error("sendTraffic needs at least one payload row.");
  if (options.count === undefined && options.until === undefined)
    throw new Error("sendTraffic needs `count` or `until`.");
  let stopped = false;
  void options.until?.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  const line = options.progress === false ? undefined : liveLine();
  const done: RequestRecord[] = [];
  const pending: Array<Promise<RequestRecord>> = [];
  const inFlight = new Set<Promise<RequestRecord>>();
  // The rate is in the service's seconds: on an emulator clock ×N, N times as many requests per real second.
  const intervalMs = 1000 / (options.requestsPerSecond * clients.clock.scale);
  const start = Date.now();
  for (let i = 0; options.count === undefined || i < options.count; i++) {
    await sleep(start + i * intervalMs - Date.now());
    // An endpoint slower than the rate: wait for an answer rather than queue past the client's sockets.
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    if (stopped) break;
    const id = options.inferenceIdPrefix ? `${options.inferenceIdPrefix}-${i}` : undefined;
    const request = invokeOnce(clients, endpointName, rows[i % rows.length] as string, i, id).then((record) => {
      done.push(record);
      line?.update(progressText(done.slice().sort((a, b) => a.index - b.index)));
      inFlight.delete(request);
      return record;
    });
    inFlight.add(request);
    pending.push(request);
  }
  const records = await Promise.all(pending);
  const shortfall = paceShortfall(records, options.requestsPerSecond, clients.clock);
  line?.done(`${progressText(records)}\nDone!${shortfall ? `\n${shortfall}` : ""}`);
  if (shortfall && !line) log(shortfall);
  return records;
}

/**
 * Runs `work` with traffic flowing at `requestsPerSecond` until it settles;
 * resolves with its result and every request sent meanwhile.
 */
export async function trafficDuring<T>(
  clients: Clients,
  endpointName: string,
  rows: readonly string[],
  requestsPerSecond: number,
  work: () => Promise<T>,
): Promise<{ result: T; records: RequestRecord[] }> {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const traffic = sendTraffic(clients, endpointName, rows, { requestsPerSecond, until: stopped, progress: false });
  const result = await work().finally(stop);
  return { result, records: await traffic };
}

export interface TrafficSummary {
  sent: number;
  ok: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  byVariant: Record<string, number>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export function summarize(records: readonly RequestRecord[]): TrafficSummary {
  const latencies = records.map((r) => r.latencyMs).sort((a, b) => a - b);
  const byVariant: Record<string, number> = {};
  for (const r of records) if (r.variant) byVariant[r.variant] = (byVariant[r.variant] ?? 0) + 1;
  const ok = records.filter((r) => r.ok).length;
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    sent: records.length,
    ok,
    errors: records.length - ok,
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    byVariant,
  };
}
