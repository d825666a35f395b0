/**
 * The alarm schedule on the injected clock. CloudWatch evaluates high-resolution alarms (periods
 * of 10, 20 and 30 s) every 10 s and the others every minute; the emulator does so on the
 * boundaries of those intervals, over the periods that ended by then (the current, partial
 * period never counts). An alarm reads the metric store the API reads, so metrics sent with
 * PutMetricData count like the endpoint's own.
 *
 * Each evaluation runs `delayMs` after its boundary – the publication delay of SageMaker's
 * invocation metrics (runtime/publication.ts) – so the period that just ended is evaluated with
 * its datapoints published, and an alarm on an endpoint's metrics decides within one period plus
 * that delay (inferred: CloudWatch documents no evaluation offset, only that it evaluates
 * published data).
 */
import type { Clock } from "../../clock";
import type { AlarmRecord, AlarmStore } from "./alarm-store";
import { settleComposites } from "./composite";
import { evaluate, evaluationRange } from "./evaluation";
import type { MetricStore } from "./metric-store";
import type { Datapoint } from "./reasons";
import { statistic, type StatSet } from "./statistics";

const TICK_MS = 10_000;

export class AlarmEvaluator {
  private cancel?: () => void;
  private writing = Promise.resolve();

  constructor(
    private readonly alarms: AlarmStore,
    private readonly metrics: MetricStore,
    private readonly clock: Clock,
    private readonly delayMs = 0,
    /** Brings in what is due to be published by now before alarms read the store. */
    private readonly beforeRead: () => void = () => {},
  ) {}

  start(): void {
    const now = this.clock.now();
    const next = Math.floor((now - this.delayMs) / TICK_MS) * TICK_MS + TICK_MS + this.delayMs;
    this.cancel = this.clock.setTimer(next - now, () => {
      this.start();
      this.tick(this.clock.now());
    });
  }

  /** Stops the schedule and waits for the state changes being written. */
  async stop(): Promise<void> {
    this.cancel?.();
    await this.writing;
  }

  /**
   * Synchronous: new states are visible (to DescribeAlarms and to deployments) when the tick
   * returns, so a manual clock's advance() sees them too; only the writes finish later.
   */
  private tick(now: number): void {
    this.beforeRead();
    const boundary = now - this.delayMs;
    const minute = boundary % 60_000 < TICK_MS;
    const writes = this.alarms
      .all()
      .filter((alarm) => alarm.definition.period < 60 || minute)
      .flatMap((alarm) => {
        const outcome = this.evaluate(alarm, boundary, now);
        return outcome
          ? [this.alarms.transition(alarm.definition.name, outcome.value, outcome.reason, outcome.reasonData)]
          : [];
      });
    // Composite alarms follow their children's new states, in the same tick.
    writes.push(...settleComposites(this.alarms));
    // A write that fails (state directory gone while stopping) leaves the previous state on disk.
    this.writing = Promise.all([this.writing, ...writes]).then(
      () => {},
      () => {},
    );
  }

  private evaluate(alarm: AlarmRecord, boundary: number, now: number) {
    const a = alarm.definition;
    const periodMs = a.period * 1000;
    const end = Math.floor(boundary / periodMs) * periodMs;
    const count = evaluationRange(a.evaluationPeriods);
    const start = end - count * periodMs;
    // A unit on the alarm selects datapoints of that unit only (the store keeps one unit per series).
    const unitMatches = a.unit === undefined || this.metrics.unitOf(a.metric) === a.unit;
    const sets = unitMatches ? this.metrics.aggregate(a.metric, start, end, a.period) : new Map<number, StatSet>();
    const points: (Datapoint | undefined)[] = [];
    for (let t = end - periodMs; t >= start; t -= periodMs) {
      const set = sets.get(t / 1000);
      const value = set && statistic(set, a.statistic ?? a.extendedStatistic!);
      points.push(set && Number.isFinite(value) ? { time: t, value: value!, sampleCount: set.count } : undefined);
    }
    return evaluate(a, points, now, start);
  }
}
