/**
 * How SageMaker publishes an endpoint's invocation metrics: not request by request, but
 * as one datapoint per series and publication interval – 60 s, or the endpoint config's
 * MetricPublishFrequencyInSeconds when MetricsConfig.EnableEnhancedMetrics is on – timestamped at
 * the interval's start and holding the interval's statistic set. A datapoint reaches CloudWatch
 * (the metric store: GetMetricStatistics, GetMetricData, ListMetrics, alarms) only once its
 * interval has ended and the publication delay has passed, so a Period-10 alarm on a metric
 * published every minute sees data in one period of six, as CloudWatch documents for alarms on
 * metrics without sub-minute data.
 *
 * Datapoints not yet published live in memory: a SIGKILL loses at most one interval plus the
 * delay of invocation metrics; a clean stop publishes them early (close()).
 */
import type { Clock } from "../../clock";
import { seriesKey, type MetricId } from "../cloudwatch/metric-id";
import { emptySet, merge, type StatSet } from "../cloudwatch/statistics";

/** Where published datapoints go (the metric store). */
export interface MetricSink {
  put(id: MetricId, timestampMs: number, data: StatSet, unit?: string): void;
}

interface Pending {
  id: MetricId;
  unit?: string;
  /** The interval's start: the published datapoint's timestamp. */
  start: number;
  set: StatSet;
}

export class MetricPublisher {
  /** Publication time → the datapoints due then, by series and interval. */
  private readonly due = new Map<number, Map<string, Pending>>();
  private readonly timers = new Map<number, () => void>();

  constructor(
    private readonly sink: MetricSink,
    private readonly clock: Clock,
    /** Time between an interval's end and its datapoints becoming visible. */
    readonly delayMs: number,
  ) {}

  /** One observed value at `timestampMs`, published with the datapoint of its `intervalS` interval. */
  record(id: MetricId, timestampMs: number, value: number, unit: string, intervalS: number): void {
    const intervalMs = intervalS * 1000;
    const start = Math.floor(timestampMs / intervalMs) * intervalMs;
    const at = start + intervalMs + this.delayMs;
    let batch = this.due.get(at);
    if (!batch) {
      batch = new Map();
      this.due.set(at, batch);
      this.timers.set(
        at,
        this.clock.setTimer(at - this.clock.now(), () => this.publishDue()),
      );
    }
    const key = `${seriesKey(id)} ${start}`;
    const pending = batch.get(key) ?? { id, unit, start, set: emptySet() };
    merge(pending.set, { sum: value, count: 1, min: value, max: value, samples: [value] });
    batch.set(key, pending);
  }

  /**
   * Publishes every datapoint due by now. Readers call it before reading, so what is due is
   * visible whichever of them and the publication timer runs first at the same instant.
   */
  publishDue(): void {
    const now = this.clock.now();
    for (const at of [...this.due.keys()].sort((a, b) => a - b)) if (at <= now) this.publish(at);
  }

  /** Publishes everything still pending (on shutdown), so a clean restart loses no invocation metrics. */
  close(): void {
    for (const at of [...this.due.keys()]) this.publish(at);
  }

  private publish(at: number): void {
    const batch = this.due.get(at)!;
    this.due.delete(at);
    this.timers.get(at)?.();
    this.timers.delete(at);
    for (const p of batch.values()) this.sink.put(p.id, p.start, p.set, p.unit);
  }
}
