/**
 * The data-capture writer: takes capture records, makes them durable, and delivers them to the
 * emulator's S3 as JSON Lines files in AWS's key layout.
 *
 * Acknowledged = journaled: `capture` resolves true once the record's line is fdatasynced in
 * the capture journal (journal.ts). From then on no crash loses it: a SIGKILL before its file
 * is in S3 leaves it in the journal, and the next start delivers it. The Runtime awaits the
 * production record's acknowledgement before it answers InvokeEndpoint, so every answered
 * request has its production record; shadow records are acknowledged when the shadow answers,
 * after the caller already has its reply.
 *
 * Files roll over on every flush – once a second on the real clock (I/O pacing, not simulated
 * time), so a record is in S3 within about a second of its request and always within 2 s – and
 * on close. One flush writes one file per endpoint, variant and hour of the records' times.
 * A file's key is derived from its journal segment and group, so redelivering a segment after a
 * crash rewrites the same objects with the same bytes: no record is lost and none is doubled.
 * A destination S3 refuses (no such bucket) drops the file, as capture to a missing bucket
 * does on AWS; the drop is logged.
 */
import { createHash, randomUUID } from "node:crypto";
import { wallClock, type Clock } from "../clock";
import { isServiceError } from "../errors";
import { errorText, type Logger } from "../log";
import { Journal, type Segment } from "./journal";
import { captureKey, type Destination } from "./layout";
import { captureLine, type CaptureEvent, type CaptureSettings } from "./record";

/** Where capture files are written: the emulator's S3. */
export interface CaptureSink {
  /** Stores one object; resolves once it is durable; throws a ServiceError when S3 refuses it. */
  put(bucket: string, key: string, body: Buffer): Promise<void>;
}

interface Entry {
  destination: Destination;
  endpointName: string;
  variantName: string;
  time: number;
  line: string;
}

/** How often captured records are delivered to S3, on the emulator's clock. */
export const FLUSH_INTERVAL_MS = 1000;
const HOUR_MS = 3_600_000;

export class CaptureWriter {
  private flushing: Promise<void> = Promise.resolve();
  private cancelFlush: () => void = () => {};

  private constructor(
    private readonly journal: Journal<Entry>,
    private readonly sink: CaptureSink,
    private readonly logger: Logger,
    flushIntervalMs: number,
    clock: Clock,
  ) {
    // On the emulator's clock: on a faster clock, captured records reach S3 as much sooner.
    const every = (): void => {
      this.cancelFlush = clock.setTimer(flushIntervalMs, () => {
        void this.flush();
        every();
      });
    };
    every();
  }

  /** Opens the journal in `dir` and first delivers whatever a previous process left in it. */
  static async open(
    dir: string,
    sink: CaptureSink,
    logger: Logger,
    flushIntervalMs = FLUSH_INTERVAL_MS,
    clock: Clock = wallClock,
  ): Promise<CaptureWriter> {
    const { journal, recovered } = await Journal.open<Entry>(dir);
    const writer = new CaptureWriter(journal, sink, logger, flushIntervalMs, clock);
    for (const segment of recovered) {
      await writer
        .deliver(segment)
        .catch((e: unknown) =>
          logger.info("data capture delivery failed", { segment: segment.id, error: errorText(e) }),
        );
    }
    return writer;
  }

  /** Resolves true once the record is acknowledged; false (logged) if it could not be journaled. */
  async capture(event: CaptureEvent, settings: CaptureSettings): Promise<boolean> {
    const entry: Entry = {
      destination: settings.destination,
      endpointName: event.endpointName,
      variantName: event.variantName,
      time: event.time,
      line: captureLine(event, settings, randomUUID()),
    };
    try {
      await this.journal.append(entry);
      return true;
    } catch (e) {
      this.logger.info("data capture record dropped", {
        endpoint: event.endpointName,
        variant: event.variantName,
        error: errorText(e),
      });
      return false;
    }
  }

  /** Delivers every record acknowledged so far. */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(async () => {
        const segment = await this.journal.seal();
        if (segment) await this.deliver(segment);
      })
      .catch((e: unknown) => {
        // The segment stays in the journal; the next start delivers it.
        this.logger.info("data capture delivery failed", { error: errorText(e) });
      });
    return this.flushing;
  }

  async close(): Promise<void> {
    this.cancelFlush();
    await this.flush();
    await this.journal.close();
  }

  private async deliver(segment: Segment<Entry>): Promise<void> {
    for (const [group, entries] of filesOf(segment.entries)) {
      const first = entries[0]!;
      const key = captureKey(
        first.destination,
        first.endpointName,
        first.variantName,
        first.time,
        uuidOf(segment.id, group),
      );
      try {
        await this.sink.put(first.destination.bucket, key, Buffer.from(entries.map((e) => `${e.line}\n`).join("")));
      } catch (e) {
        if (!isServiceError(e)) throw e;
        this.logger.info("data capture file dropped", {
          bucket: first.destination.bucket,
          key,
          records: entries.length,
          error: `${e.code}: ${e.message}`,
        });
      }
    }
    await this.journal.release(segment);
  }
}

/** Entries grouped into files: one per destination, endpoint, variant and hour, in journal order. */
function filesOf(entries: readonly Entry[]): Map<string, Entry[]> {
  const files = new Map<string, Entry[]>();
  for (const e of entries) {
    const group = JSON.stringify([
      e.destination.bucket,
      e.destination.prefix,
      e.endpointName,
      e.variantName,
      Math.floor(e.time / HOUR_MS),
    ]);
    const list = files.get(group) ?? [];
    list.push(e);
    files.set(group, list);
  }
  return files;
}

/** A UUID-shaped name that is the same every time this segment's group is delivered. */
function uuidOf(segmentId: string, group: string): string {
  const h = createHash("sha256").update(segmentId).update("\0").update(group).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
