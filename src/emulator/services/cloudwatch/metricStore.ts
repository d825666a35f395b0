/**
 * The metric store: raw datapoints per (namespace, metric, dimensions) at 1-second resolution,
 * aggregated on read for any period and statistic. The CloudWatch API and the alarm evaluator
 * read the same store. Retention is bounded (3 hours, as CloudWatch keeps 1-second data).
 *
 * Persistence is an append-only log of changed seconds, flushed and fsynced every second (and
 * on close): a SIGKILL loses at most the last second of datapoints, and a torn last line is
 * skipped on load. The log is compacted (rewritten atomically) at start-up.
 */
import { promises as fs } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../../clock";
import { ensureDir, writeFileAtomic } from "../../store/files";
import { emptySet, merge, type StatSet } from "./statistics";

export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

interface Series {
  id: MetricId;
  unit?: string;
  /** Epoch second → datapoints of that second. */
  seconds: Map<number, StatSet>;
}

interface LogLine {
  k: MetricId;
  u?: string;
  t: number;
  s: StatSet;
}

const RETENTION_S = 3 * 3600;

export const seriesKey = (id: MetricId) =>
  JSON.stringify([id.namespace, id.metricName, [...id.dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)).map((d) => [d.Name, d.Value])]);

export class MetricStore {
  private readonly series = new Map<string, Series>();
  private dirty = new Map<string, Set<number>>();
  private readonly timer: NodeJS.Timeout;
  private flushing = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly clock: Clock,
  ) {
    // Flushing is I/O pacing, not simulated time: it runs on the real clock.
    this.timer = setInterval(() => void this.flush().catch(() => {}), 1000);
    this.timer.unref();
  }

  static async open(dir: string, clock: Clock): Promise<MetricStore> {
    await ensureDir(dir);
    const store = new MetricStore(join(dir, "datapoints.jsonl"), clock);
    const text = await fs.readFile(store.file, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        continue; // blank or torn by a crash mid-append
      }
      store.seriesOf(parsed.k, parsed.u).seconds.set(parsed.t, { ...parsed.s, min: parsed.s.min ?? Infinity, max: parsed.s.max ?? -Infinity });
    }
    store.prune();
    await writeFileAtomic(store.file, store.lines([...store.series.keys()].map((k) => [k, [...store.series.get(k)!.seconds.keys()]])));
    return store;
  }

  /** Adds datapoints (a statistic set) at `timestampMs`. */
  put(id: MetricId, timestampMs: number, data: StatSet, unit?: string): void {
    const series = this.seriesOf(id, unit);
    const second = Math.floor(timestampMs / 1000);
    const set = series.seconds.get(second) ?? emptySet();
    merge(set, data);
    series.seconds.set(second, set);
    this.markDirty(seriesKey(id), second);
  }

  private markDirty(key: string, second: number): void {
    const seconds = this.dirty.get(key) ?? new Set<number>();
    seconds.add(second);
    this.dirty.set(key, seconds);
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

  async flush(): Promise<void> {
    const dirty = this.dirty;
    this.dirty = new Map();
    this.prune();
    const entries = [...dirty].map(([key, seconds]) => [key, [...seconds]] as [string, number[]]);
    const write = this.flushing.then(async () => {
      if (entries.length === 0) return;
      const handle = await fs.open(this.file, "a", 0o600);
      try {
        await handle.appendFile(this.lines(entries));
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    // A failed append keeps its seconds dirty, so the next flush writes them again.
    this.flushing = write.catch(() => {
      for (const [key, seconds] of entries) for (const t of seconds) this.markDirty(key, t);
    });
    await write;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private lines(entries: [string, number[]][]): string {
    const out: string[] = [];
    for (const [key, seconds] of entries) {
      const series = this.series.get(key);
      for (const t of seconds) {
        const s = series?.seconds.get(t);
        if (series && s) out.push(JSON.stringify({ k: series.id, u: series.unit, t, s } satisfies LogLine));
      }
    }
    return out.length ? `${out.join("\n")}\n` : "";
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
