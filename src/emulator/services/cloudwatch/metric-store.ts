/**
 * The metric store: raw datapoints per (namespace, metric, dimensions) and unit at 1-second
 * resolution, aggregated on read for any period and statistic. The CloudWatch API and the alarm
 * evaluator read the same store. Each datapoint keeps the unit it was sent with ("None" when it had
 * none): a read with a unit sees only that unit's datapoints, a read without one sees them all.
 * Retention is bounded (3 hours, as CloudWatch keeps 1-second data). Per-period aggregates are kept
 * between reads (period-cache.ts), so evaluating an alarm recomputes only the periods that changed.
 *
 * Persistence (metric-log.ts) is an append-only log of what each second gained since the last
 * flush, flushed and fsynced every second, on `flush()` (PutMetricData awaits it) and on close:
 * a SIGKILL loses at most the last second of invocation metrics. When the log has doubled since
 * it was last compacted (and passed COMPACT_MIN_BYTES) it is rewritten with the data inside
 * retention, so its size is bounded by retention, not uptime; it is compacted at start-up too.
 * A log that cannot be read is moved aside, never emptied.
 */
import { join } from "node:path";
import type { Clock } from "../../clock";
import { errorText, type Logger } from "../../log";
import { ensureDir } from "../../store/files";
import type { Quarantine } from "../../store/quarantine";
import type { Datapoint } from "./datum";
import { appendLog, readLog, rewriteLog, type LogLine } from "./metric-log";
import { seriesKey, type MetricId } from "./metric-id";
import { PeriodCache, type PeriodAggregate } from "./period-cache";
import { emptySet, merge, type StatSet } from "./statistics";

/** The datapoints of one metric sent with one unit. */
interface Series {
  id: MetricId;
  unit: string;
  /** Epoch second → datapoints of that second. */
  seconds: Map<number, StatSet>;
}

/** What CloudWatch records as the unit of a datapoint sent without one. */
export const NO_UNIT = "None";
/** Caches kept per metric (distinct periods and units read); the least recently read goes first. */
const CACHES_PER_METRIC = 16;
/** A cache nobody has read for this long (real time) is dropped. */
const CACHE_IDLE_MS = 10 * 60_000;

const RETENTION_S = 3 * 3600;
/** Below this a log is not compacted while running (rewriting a small file buys nothing). */
const COMPACT_MIN_BYTES = 1024 * 1024;
/** Lines per chunk when the log is rewritten. */
const CHUNK_LINES = 4096;

/** Datapoints gained since the last flush: series key → second → the delta. */
type Pending = Map<string, Map<number, StatSet>>;

/** Datapoints added only once they are in the log (PutMetricData), with whoever waits for them. */
interface Batch {
  points: readonly Datapoint[];
  landed(): void;
  failed(e: unknown): void;
}

export class MetricStore {
  /** Series by unitKey (metric and unit). */
  private readonly series = new Map<string, Series>();
  /** Metric (seriesKey) → its series, one per unit, and the latest second any of them holds. */
  private readonly metrics = new Map<string, { units: Map<string, Series>; latest: number }>();
  /** Metric (seriesKey) → its period caches, by `unit|period` (`*` for all units). */
  private readonly caches = new Map<string, Map<string, PeriodCache>>();
  private pending: Pending = new Map();
  private batches: Batch[] = [];
  private readonly timer: NodeJS.Timeout;
  private flushing = Promise.resolve();
  private logBytes = 0;
  private compactedBytes = 0;

  private constructor(
    private readonly file: string,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    // Flushing is I/O pacing, not simulated time: it runs on the real clock.
    this.timer = setInterval(
      () =>
        void this.flush().catch((e: unknown) =>
          logger.info("metric datapoints not flushed (kept for the next flush)", { error: errorText(e) }),
        ),
      1000,
    );
    this.timer.unref();
  }

  static async open(dir: string, clock: Clock, quarantine: Quarantine, logger: Logger): Promise<MetricStore> {
    await ensureDir(dir);
    const store = new MetricStore(join(dir, "datapoints.jsonl"), clock, logger);
    try {
      await readLog(store.file, (line) => store.load(line));
    } catch (e) {
      // Unreadable (not merely torn): kept aside, never emptied; the store starts with what it read.
      await quarantine.move(store.file, undefined, `unreadable: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    store.prune();
    await store.compact();
    return store;
  }

  /** Adds datapoints (a statistic set) at `timestampMs`; the next flush writes them. */
  put(id: MetricId, timestampMs: number, data: StatSet, unit?: string): void {
    const second = this.add({ id, time: timestampMs, set: data, unit });
    const key = unitKey(id, unit);
    const seconds = this.pending.get(key) ?? new Map<number, StatSet>();
    const delta = seconds.get(second) ?? emptySet();
    merge(delta, data);
    seconds.set(second, delta);
    this.pending.set(key, seconds);
  }

  /**
   * Adds all of `points` or none: they are written (and fsynced) with the next flush and only then
   * added, so a write that fails (a full disk) rejects with nothing of them kept or counted.
   */
  putAll(points: readonly Datapoint[]): Promise<void> {
    const landed = new Promise<void>((resolve, reject) =>
      this.batches.push({ points, landed: resolve, failed: reject }),
    );
    // The batch's own promise carries its outcome; a compaction failing after it landed is the flush's.
    this.flush().catch(() => undefined);
    return landed;
  }

  /** One observed value. */
  record(id: MetricId, timestampMs: number, value: number, unit?: string): void {
    this.put(id, timestampMs, { sum: value, count: 1, min: value, max: value, samples: [value] }, unit);
  }

  /** Every metric that has datapoints (for ListMetrics). */
  all(): MetricId[] {
    return [...this.metrics.values()].flatMap(({ units }) => [...units.values()].slice(0, 1).map(({ id }) => id));
  }

  /** The units a metric's datapoints were sent with. */
  unitsOf(id: MetricId): string[] {
    return [...(this.metrics.get(seriesKey(id))?.units.keys() ?? [])];
  }

  /**
   * Datapoints of one metric in the periods that overlap [startMs, endMs) – those of `unit` only, or
   * of every unit – merged per period; keys are period starts in epoch seconds, aligned to multiples
   * of the period.
   */
  aggregate(
    id: MetricId,
    startMs: number,
    endMs: number,
    periodS: number,
    unit?: string,
  ): Map<number, PeriodAggregate> {
    const key = seriesKey(id);
    const metric = this.metrics.get(key);
    if (!metric) return new Map();
    // Every period that overlaps the range counts whole.
    const startS = Math.floor(startMs / 1000 / periodS) * periodS;
    const endS = Math.ceil(endMs / 1000 / periodS) * periodS;
    const oldest = Math.floor(this.clock.now() / 1000) - RETENTION_S;
    return this.cacheOf(key, unit, periodS).read(startS, endS, oldest, metric.latest);
  }

  /** Writes (and fsyncs) what was added since the last flush; compacts the log once it has doubled. */
  async flush(): Promise<void> {
    // Taken when this flush's turn comes, not before: a compaction queued ahead snapshots (and clears) what it holds.
    const write = this.flushing.then(async () => {
      const taken = this.pending;
      const batches = this.batches;
      this.pending = new Map();
      this.batches = [];
      this.prune();
      const text = this.lines(taken).join("") + batches.map((b) => linesOf(b.points)).join("");
      try {
        if (text) this.logBytes += await appendLog(this.file, this.logBytes, text);
      } catch (e) {
        // Nothing of the append is in the log: the deltas wait for the next flush, the batches are refused.
        this.restore(taken);
        for (const batch of batches) batch.failed(e);
        throw e;
      }
      for (const batch of batches) {
        for (const point of batch.points) this.add(point);
        batch.landed();
      }
      if (this.logBytes > Math.max(2 * this.compactedBytes, COMPACT_MIN_BYTES)) await this.compact();
    });
    this.flushing = write.catch(() => undefined);
    await write;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Size of the log as this store wrote it (for the reliability suite's figures). */
  get logSize(): number {
    return this.logBytes;
  }

  /**
   * Rewrites the log with the data inside retention. The snapshot and the pending deltas are taken
   * in the same tick: the snapshot holds them, so they are not appended again afterwards.
   */
  private async compact(): Promise<void> {
    this.prune();
    const taken = this.pending;
    this.pending = new Map();
    const all: Pending = new Map([...this.series].map(([key, series]) => [key, series.seconds]));
    const lines = this.lines(all);
    const chunks: string[] = [];
    for (let i = 0; i < lines.length; i += CHUNK_LINES) chunks.push(lines.slice(i, i + CHUNK_LINES).join(""));
    try {
      this.logBytes = this.compactedBytes = await rewriteLog(this.file, chunks);
    } catch (e) {
      this.restore(taken);
      throw e;
    }
  }

  private restore(taken: Pending): void {
    for (const [key, seconds] of taken) {
      const into = this.pending.get(key) ?? new Map<number, StatSet>();
      for (const [t, delta] of seconds) {
        const set = into.get(t) ?? emptySet();
        merge(set, delta);
        into.set(t, set);
      }
      this.pending.set(key, into);
    }
  }

  private load(line: LogLine): void {
    const set = { ...line.s, min: line.s.min ?? Infinity, max: line.s.max ?? -Infinity };
    const seconds = this.seriesOf(line.k, line.u ?? NO_UNIT, line.t).seconds;
    const existing = seconds.get(line.t);
    if (line.d && existing) merge(existing, set);
    else seconds.set(line.t, set);
  }

  private lines(entries: Pending): string[] {
    const out: string[] = [];
    for (const [key, seconds] of entries) {
      const series = this.series.get(key);
      if (!series) continue;
      for (const [t, s] of seconds)
        out.push(`${JSON.stringify({ k: series.id, u: series.unit, t, s, d: 1 } satisfies LogLine)}\n`);
    }
    return out;
  }

  /** Adds a datapoint to its series in memory; returns its epoch second. */
  private add({ id, time, set, unit }: Datapoint): number {
    const second = Math.floor(time / 1000);
    const seconds = this.seriesOf(id, unit ?? NO_UNIT, second).seconds;
    const into = seconds.get(second) ?? emptySet();
    merge(into, set);
    seconds.set(second, into);
    return second;
  }

  /** The series of `id` and `unit`; `second` (a datapoint's) marks its periods in the metric's caches as changed. */
  private seriesOf(id: MetricId, unit: string, second: number): Series {
    const metricKey = seriesKey(id);
    const key = `${metricKey}|${unit}`;
    let series = this.series.get(key);
    if (!series) {
      series = { id, unit, seconds: new Map() };
      this.series.set(key, series);
    }
    let metric = this.metrics.get(metricKey);
    if (!metric) {
      metric = { units: new Map(), latest: second };
      this.metrics.set(metricKey, metric);
    }
    metric.units.set(unit, series);
    metric.latest = Math.max(metric.latest, second);
    for (const [cacheKey, cache] of this.caches.get(metricKey) ?? [])
      if (cacheKey.startsWith(`${unit}|`) || cacheKey.startsWith("*|")) cache.touched(second);
    return series;
  }

  /** The period cache of a metric for `unit` (all units when undefined) and period; created on first use. */
  private cacheOf(metricKey: string, unit: string | undefined, periodS: number): PeriodCache {
    const caches = this.caches.get(metricKey) ?? new Map<string, PeriodCache>();
    this.caches.set(metricKey, caches);
    const key = `${unit ?? "*"}|${periodS}`;
    let cache = caches.get(key);
    if (cache) {
      caches.delete(key); // re-inserted last: the map's order is the order of last use
    } else {
      const units = () => this.metrics.get(metricKey)?.units;
      cache = new PeriodCache(periodS, () => {
        const all = units();
        if (!all) return [];
        if (unit === undefined) return [...all.values()].map((s) => s.seconds);
        const one = all.get(unit);
        return one ? [one.seconds] : [];
      });
      if (caches.size >= CACHES_PER_METRIC) caches.delete(caches.keys().next().value!);
    }
    caches.set(key, cache);
    return cache;
  }

  private prune(): void {
    const oldest = Math.floor(this.clock.now() / 1000) - RETENTION_S;
    for (const series of this.series.values()) {
      for (const second of series.seconds.keys()) if (second < oldest) series.seconds.delete(second);
    }
    const idle = performance.now() - CACHE_IDLE_MS;
    for (const [metricKey, caches] of this.caches) {
      for (const [key, cache] of caches) {
        if (cache.lastRead < idle) caches.delete(key);
        else cache.prune(oldest);
      }
      if (caches.size === 0) this.caches.delete(metricKey);
    }
  }
}

/** A series' key: its metric and unit (as seriesOf builds it). */
const unitKey = (id: MetricId, unit: string | undefined) => `${seriesKey(id)}|${unit ?? NO_UNIT}`;

/** A batch's lines: one per series and second, as pending deltas are written. */
function linesOf(points: readonly Datapoint[]): string {
  const merged = new Map<string, { point: Datapoint; set: StatSet }>();
  for (const point of points) {
    const key = `${unitKey(point.id, point.unit)}@${Math.floor(point.time / 1000)}`;
    const entry = merged.get(key) ?? { point, set: emptySet() };
    merge(entry.set, point.set);
    merged.set(key, entry);
  }
  return [...merged.values()]
    .map(
      ({ point, set }) =>
        `${JSON.stringify({ k: point.id, u: point.unit, t: Math.floor(point.time / 1000), s: set, d: 1 } satisfies LogLine)}\n`,
    )
    .join("");
}
