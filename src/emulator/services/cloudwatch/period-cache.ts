/**
 * Per-period aggregates of one series (one unit, or all its units) kept between reads, so an
 * alarm evaluated every 10 s over thousands of periods recomputes only the periods that gained
 * data since the last read, not every second of its range. A cache covers a contiguous range of
 * periods it has computed; a datapoint that lands inside that range (a late one, or one more in
 * the current period) marks its period stale, and the next read recomputes just that period.
 * Statistics read from a period (a percentile sorts its samples) are kept beside it until the
 * period changes.
 */
import { emptySet, merge, statistic, type StatSet } from "./statistics";

/** One period's datapoints and the statistics read from them so far. */
export class PeriodAggregate {
  private readonly values = new Map<string, number>();

  constructor(readonly set: StatSet) {}

  statistic(stat: string): number {
    let value = this.values.get(stat);
    if (value === undefined) {
      value = statistic(this.set, stat);
      this.values.set(stat, value);
    }
    return value;
  }
}

/** The seconds a cache reads: epoch second → datapoints, for each unit it covers. */
export type SecondsSource = () => readonly ReadonlyMap<number, StatSet>[];

export class PeriodCache {
  /** Computed periods [from, to) in epoch seconds, aligned to the period; empty when from === to. */
  private from = 0;
  private to = 0;
  private readonly periods = new Map<number, PeriodAggregate>();
  private readonly stale = new Set<number>();
  /** Real-clock time of the last read, for dropping caches nobody reads. */
  lastRead = 0;

  constructor(
    readonly periodS: number,
    private readonly seconds: SecondsSource,
  ) {}

  /** A datapoint was added at `second`: its period is recomputed on the next read if already computed. */
  touched(second: number): void {
    const start = this.startOf(second);
    if (start >= this.from && start < this.to) this.stale.add(start);
  }

  /** Drops periods that end before `oldestSecond` (past retention: their seconds are gone). */
  prune(oldestSecond: number): void {
    const keepFrom = this.startOf(oldestSecond);
    if (this.from >= keepFrom) return;
    for (const start of this.periods.keys()) if (start < keepFrom) this.periods.delete(start);
    for (const start of this.stale) if (start < keepFrom) this.stale.delete(start);
    this.from = Math.min(Math.max(this.from, keepFrom), this.to);
  }

  /**
   * The periods with datapoints whose start is in [startS, endS) (period-aligned bounds), keyed by
   * period start. `floorS`/`ceilS` bound where data can be (retention and the latest datapoint), so
   * a day-long range over three hours of data computes three hours.
   */
  read(startS: number, endS: number, floorS: number, ceilS: number): Map<number, PeriodAggregate> {
    this.lastRead = performance.now();
    const lo = Math.max(startS, this.startOf(floorS));
    const hi = Math.min(endS, this.startOf(ceilS) + this.periodS);
    if (lo < hi) this.cover(lo, hi);
    for (const start of this.stale) this.compute(start);
    this.stale.clear();
    const out = new Map<number, PeriodAggregate>();
    // Whichever is shorter: the range's periods, or the periods that hold data.
    if ((endS - startS) / this.periodS <= this.periods.size) {
      for (let t = startS; t < endS; t += this.periodS) {
        const p = this.periods.get(t);
        if (p) out.set(t, p);
      }
    } else {
      for (const [t, p] of this.periods) if (t >= startS && t < endS) out.set(t, p);
    }
    return out;
  }

  /** Makes [lo, hi) computed, computing only what lies outside the range computed so far. */
  private cover(lo: number, hi: number): void {
    if (this.from === this.to) {
      this.computeRange(lo, hi);
      [this.from, this.to] = [lo, hi];
      return;
    }
    if (lo < this.from) {
      this.computeRange(lo, this.from);
      this.from = lo;
    }
    if (hi > this.to) {
      this.computeRange(this.to, hi);
      this.to = hi;
    }
  }

  private computeRange(lo: number, hi: number): void {
    for (let start = lo; start < hi; start += this.periodS) this.compute(start);
  }

  private compute(start: number): void {
    const set = emptySet();
    for (const seconds of this.seconds()) {
      // A sparse series is read by its own seconds when that is shorter than walking the period.
      if (seconds.size < this.periodS) {
        for (const [s, data] of seconds) if (s >= start && s < start + this.periodS) merge(set, data);
      } else {
        for (let s = start; s < start + this.periodS; s++) {
          const data = seconds.get(s);
          if (data) merge(set, data);
        }
      }
    }
    if (set.count > 0) this.periods.set(start, new PeriodAggregate(set));
    else this.periods.delete(start);
  }

  private startOf(second: number): number {
    return Math.floor(second / this.periodS) * this.periodS;
  }
}
