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
 *
 * The due alarms of a tick are evaluated in turns of at most PERIODS_PER_TURN periods read (at
 * least one alarm), the rest in later turns of the event loop, so a thousand day-long alarms never
 * hold other clients for long; one evaluation is cheap because the metric store keeps per-period
 * aggregates between ticks. The budget counts work, not time, so which alarms a tick settles at
 * once does not depend on how busy the machine is: a deployment's few short alarms always do.
 */
import type { Clock } from "../../clock";
import type { AlarmRecord, AlarmStore } from "./alarm-store";
import { settleComposites } from "./composite";
import { evaluate, evaluationRange } from "./evaluation";
import { alarmValues, periodPoints } from "./math/alarm-metrics";
import type { MetricStore } from "./metric-store";
import type { Datapoint } from "./reasons";

const TICK_MS = 10_000;
/**
 * Periods read in one turn of the event loop before yielding to other work: about 15 ms on a
 * two-core machine, one day-long alarm of 10-second periods, thousands of a deployment's alarms.
 */
const PERIODS_PER_TURN = 12_000;

export class AlarmEvaluator {
  private cancel?: () => void;
  private writing = Promise.resolve();
  /** Alarms of the current tick not evaluated yet, and its times (a new tick replaces what an old one left). */
  private round: { due: AlarmRecord[]; boundary: number; now: number } = { due: [], boundary: 0, now: 0 };
  private continuing?: Promise<void>;

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
    this.round.due = [];
    await this.continuing;
    await this.writing;
  }

  /**
   * Synchronous as far as PERIODS_PER_TURN allows: new states are visible (to DescribeAlarms and to
   * deployments) when the tick returns, so a manual clock's advance() sees them too; only the
   * writes, and the alarms past the turn's budget, finish later.
   */
  private tick(now: number): void {
    this.beforeRead();
    const boundary = now - this.delayMs;
    const minute = boundary % 60_000 < TICK_MS;
    const all = this.alarms.all().filter((alarm) => alarm.definition.period < 60 || minute);
    // Alarms the last tick did not reach go first, so every alarm is evaluated however many there are.
    const left = new Set(this.round.due.map((alarm) => alarm.definition.name));
    const due = [...all.filter((a) => left.has(a.definition.name)), ...all.filter((a) => !left.has(a.definition.name))];
    this.round = { due, boundary, now };
    this.evaluateDue();
  }

  private evaluateDue(): void {
    const { due, boundary, now } = this.round;
    const writes: Promise<void>[] = [];
    let next = 0;
    for (let read = 0; next < due.length && (next === 0 || read + cost(due[next]!) <= PERIODS_PER_TURN); next++) {
      read += cost(due[next]!);
      // Deleted since the tick began: nothing to evaluate; redefined: its new definition is.
      const alarm = this.alarms.get(due[next]!.definition.name);
      const outcome = alarm && this.evaluate(alarm, boundary, now);
      if (outcome)
        writes.push(this.alarms.transition(alarm.definition.name, outcome.value, outcome.reason, outcome.reasonData));
    }
    due.splice(0, next);
    // Composite alarms follow their children's new states once every due alarm has been evaluated.
    if (due.length === 0) writes.push(...settleComposites(this.alarms));
    // A write that fails (state directory gone while stopping) leaves the previous state on disk.
    this.writing = Promise.all([this.writing, ...writes]).then(
      () => {},
      () => {},
    );
    if (due.length > 0 && !this.continuing) {
      this.continuing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.continuing = undefined;
        this.evaluateDue();
      });
    }
  }

  private evaluate(alarm: AlarmRecord, boundary: number, now: number) {
    const a = alarm.definition;
    const periodMs = a.period * 1000;
    const end = Math.floor(boundary / periodMs) * periodMs;
    const count = evaluationRange(a.evaluationPeriods);
    const start = end - count * periodMs;
    if (a.metrics)
      return evaluate(
        a,
        periodPoints(alarmValues(a.metrics, this.metrics, start, end), start, end, periodMs),
        now,
        start,
        alarm.state.value,
      );
    // A unit on the alarm selects datapoints of that unit only.
    const periods = this.metrics.aggregate(a.metric!, start, end, a.period, a.unit);
    const stat = a.statistic ?? a.extendedStatistic!;
    const points: (Datapoint | undefined)[] = [];
    for (let t = end - periodMs; t >= start; t -= periodMs) {
      const period = periods.get(t / 1000);
      const value = period?.statistic(stat);
      points.push(
        period && Number.isFinite(value) ? { time: t, value: value!, sampleCount: period.set.count } : undefined,
      );
    }
    return evaluate(a, points, now, start, alarm.state.value);
  }
}

/** Periods an evaluation reads: its range, once per metric of a math alarm. */
const cost = (alarm: AlarmRecord) =>
  evaluationRange(alarm.definition.evaluationPeriods) * (alarm.definition.metrics?.length ?? 1);
