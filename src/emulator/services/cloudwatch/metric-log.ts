/**
 * The metric store's file: JSON lines, each the datapoints one series gained in one second
 * (a delta, `d: 1`). Appends are proportional to new data; compaction rewrites the live data
 * (temp file, fsync, rename) so the file stays bounded by retention, not by uptime. Reading is a
 * stream of lines, never one string, so a file of any size loads; a line that is torn, not JSON
 * or absurdly long (a crash, a zero-filled tail) is skipped, never the file.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import { dirname } from "node:path";
import { syncDir } from "../../store/files";
import type { MetricId } from "./metric-id";
import type { StatSet } from "./statistics";

export interface LogLine {
  k: MetricId;
  u?: string;
  /** Epoch second. */
  t: number;
  s: StatSet;
  /** 1: the line adds to the second; absent (logs written before deltas): the line is the whole second. */
  d?: 1;
}

/** No real line comes near this (500 samples of a second); longer is garbage, skipped without being held. */
const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/** Calls `onLine` with every well-formed line of the file (none if there is no file). Rejects on a read error. */
export async function readLog(file: string, onLine: (line: LogLine) => void): Promise<void> {
  const parse = (bytes: Buffer) => {
    let line: unknown;
    try {
      line = JSON.parse(bytes.toString("utf8"));
    } catch {
      return; // blank, torn by a crash mid-append, or a zero-filled tail
    }
    if (isLogLine(line)) onLine(line);
  };
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let skipping = false;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
        if (!skipping)
          parse(partialBytes ? Buffer.concat([...partial, chunk.subarray(start, nl)]) : chunk.subarray(start, nl));
        partial = [];
        partialBytes = 0;
        skipping = false;
        start = nl + 1;
      }
      if (skipping) continue;
      partial.push(chunk.subarray(start));
      partialBytes += chunk.length - start;
      if (partialBytes > MAX_LINE_BYTES) {
        partial = [];
        partialBytes = 0;
        skipping = true;
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (!skipping && partialBytes) parse(Buffer.concat(partial));
}

function isLogLine(v: unknown): v is LogLine {
  if (!v || typeof v !== "object") return false;
  const l = v as Partial<LogLine>;
  return (
    !!l.k &&
    typeof l.k === "object" &&
    Number.isInteger(l.t) &&
    !!l.s &&
    typeof l.s === "object" &&
    Array.isArray(l.s.samples)
  );
}

export async function appendLog(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, "a", 0o600);
  try {
    await handle.appendFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces the file by `chunks` atomically (temp, fsync, rename, directory fsync); returns its size. */
export async function rewriteLog(file: string, chunks: readonly string[]): Promise<number> {
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await fs.open(tmp, "wx", 0o600);
  let size = 0;
  try {
    for (const chunk of chunks) {
      await handle.write(chunk);
      size += Buffer.byteLength(chunk);
    }
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await fs.rename(tmp, file);
  await syncDir(dirname(file));
  return size;
}
