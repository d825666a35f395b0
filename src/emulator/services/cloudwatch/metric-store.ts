/**
 * The metric store: raw datapoints per (namespace, metric, dimensions) at 1-second resolution,
 * aggregated on read for any period and statistic. The CloudWatch API and the alarm evaluator
 * read the same store. Retention is bounded (3 hours, as CloudWatch keeps 1-second data).
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
import { appendLog, readLog, rewriteLog, type LogLine } from "./metric-log";
import { seriesKey, type MetricId } from "./metric-id";
import { emptySet, merge, type StatSet } from "./statistics";

interface Series {
  id: MetricId;
  unit?: string;
  /** Epoch second → datapoints of that second. */
  seconds: Map<number, StatSet>;
}

const RETENTION_S = 3 * 3600;
/** Below this a log is not compacted while running (rewriting a small file buys nothing). */
const COMPACT_MIN_BYTES = 1024 * 1024;
/** Lines per chunk when the log is rewritten. */
const CHUNK_LINES = 4096;

/** Datapoints gained since the last flush: series key → second → the delta. */
type Pending = Map<string, Map<number, StatSet>>;

export class MetricStore {
  private readonly series = new Map<string, Series>();
  private pending: Pending = new Map();
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

  /** Adds datapoints (a statistic set) at `timestampMs`. */
  put(id: MetricId, timestampMs: number, data: StatSet, unit?: string): void {
    const series = this.seriesOf(id, unit);
    const second = Math.floor(timestampMs / 1000);
    const set = series.seconds.get(second) ?? emptySet();
    merge(set, data);
    series.seconds.set(second, set);
    const key = seriesKey(id);
    const seconds = this.pending.get(key) ?? new Map<number, StatSet>();
    const delta = seconds.get(second) ?? emptySet();
    merge(delta, data);
    seconds.set(second, delta);
    this.pending.set(key, seconds);
  }

  /** One observed value. */
  record(id: MetricId, timestampMs: number, value: number, unit?: string): void {
    this.put(id, timestampMs, { sum: value, count: 1, min: value, max: value, samples: [value] }, unit);
  }

  /** Every series (for ListMetrics). */
  all(): { id: MetricId; unit?: string }[] {
    return [...this.series.values()].map(({ id, unit }) => ({ id, unit }));
  }

  unitOf(id: MetricId): string | undefined {
    return this.series.get(seriesKey(id))?.unit;
  }

  /**
   * Datapoints of one series in [startMs, endMs), merged per period; keys are period starts in
   * epoch seconds, aligned to multiples of the period.
   */
  aggregate(id: MetricId, startMs: number, endMs: number, periodS: number): Map<number, StatSet> {
    const out = new Map<number, StatSet>();
    const series = this.series.get(seriesKey(id));
    if (!series) return out;
    for (const [second, set] of series.seconds) {
      if (second * 1000 < startMs || second * 1000 >= endMs) continue;
      const bucket = Math.floor(second / periodS) * periodS;
      const into = out.get(bucket) ?? emptySet();
      merge(into, set);
      out.set(bucket, into);
    }
    return out;
  }

  /** Writes (and fsyncs) what was added since the last flush; compacts the log once it has doubled. */
  async flush(): Promise<void> {
    let taken: Pending = new Map();
    // Taken when this flush's turn comes, not before: a compaction queued ahead snapshots (and clears) what it holds.
    const write = this.flushing.then(async () => {
      taken = this.pending;
      this.pending = new Map();
      this.prune();
      const text = this.lines(taken).join("");
      if (text) {
        await appendLog(this.file, text);
        this.logBytes += Buffer.byteLength(text);
      }
      if (this.logBytes > Math.max(2 * this.compactedBytes, COMPACT_MIN_BYTES)) await this.compact();
    });
    // A failed append keeps its deltas pending, so the next flush writes them.
    this.flushing = write.catch(() => this.restore(taken));
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
    const seconds = this.seriesOf(line.k, line.u).seconds;
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

  private seriesOf(id: MetricId, unit?: string): Series {
    const key = seriesKey(id);
    let series = this.series.get(key);
    if (!series) {
      series = { id, unit, seconds: new Map() };
      this.series.set(key, series);
    }
    series.unit ??= unit;
    return series;
  }

  private prune(): void {
    const oldest = Math.floor(this.clock.now() / 1000) - RETENTION_S;
    for (const series of this.series.values()) {
      for (const second of series.seconds.keys()) if (second < oldest) series.seconds.delete(second);
    }
  }
}
