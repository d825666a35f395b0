/**
 * The emulator's clock run N times faster than the host's, from a starting time: every duration
 * the emulator owns (provisioning, deployment steps and bakes, metric publication, alarm
 * evaluation, capture flushes) passes N times faster, and every time it reports is on this clock.
 * The state directory keeps the clock's latest time, so a restarted emulator's clock never runs
 * behind the times its resources already carry.
 */
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import type { Clock } from "./clock";
import { writeFileAtomic } from "./store/files";

/**
 * The largest scale accepted. At ×60 an emulator minute is a real second: a 10-second alarm period
 * lasts 170 ms and one event-loop stall of that length (a model loading, a state write) moves an
 * evaluation into the next period. Scales above the README's recommended one are allowed up to
 * here for experiments; past it, results no longer keep their meaning on any host.
 */
export const MAX_TIME_SCALE = 60;

/** Why `value` is not a time scale, or undefined when it is one (a whole number from 1 to MAX_TIME_SCALE). */
export function timeScaleProblem(value: string): string | undefined {
  const n = Number(value);
  if (/^\d+$/.test(value.trim()) && n >= 1 && n <= MAX_TIME_SCALE) return undefined;
  return `use a whole number from 1 (real time) to ${MAX_TIME_SCALE}: how many times faster than real time the emulator's clock runs`;
}

export class ScaledClock implements Clock {
  private readonly realStart = Date.now();

  /** `start`: the clock's time now (epoch ms); default the host's. */
  constructor(
    readonly scale: number,
    private readonly start = Date.now(),
  ) {}

  now(): number {
    return this.start + Math.floor((Date.now() - this.realStart) * this.scale);
  }

  /** Fires once `ms` of this clock have passed: never early, as a timer rounded to real milliseconds could be. */
  setTimer(ms: number, fn: () => void): () => void {
    const due = this.now() + Math.max(0, ms);
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      timer = setTimeout(() => (this.now() >= due ? fn() : arm()), Math.max(1, (due - this.now()) / this.scale));
      timer.unref();
    };
    arm();
    return () => clearTimeout(timer);
  }
}

/** How often the clock's time is saved while the emulator runs (real ms). */
const SAVE_MS = 1000;

/**
 * The emulator's clock over `stateDir`: at `scale`, starting at the host's time or, when a previous
 * run's clock got further (it ran faster), at that run's latest time, saved every second while it is
 * ahead of the host's. `close` saves the time.
 */
export async function stateDirClock(
  stateDir: string,
  scale: number,
): Promise<{ clock: ScaledClock; close(): Promise<void> }> {
  const file = join(stateDir, "clock");
  const saved = Number(await readFile(file, "utf8").catch(() => ""));
  const clock = new ScaledClock(scale, Math.max(Date.now(), Number.isFinite(saved) ? saved : 0));
  // Only a clock ahead of the host's needs keeping: one that is not starts at the host's time anyway.
  const save = async (): Promise<void> => {
    const time = clock.now();
    if (time > Date.now()) await writeFileAtomic(file, String(time)).catch(() => {});
  };
  await save();
  const timer = setInterval(() => void save(), SAVE_MS);
  timer.unref();
  return {
    clock,
    async close() {
      clearInterval(timer);
      await save();
    },
  };
}

/** On every reply: the emulator's time when it answered (epoch ms, on its clock) … */
export const EMULATOR_TIME_HEADER = "x-guardrails-emulator-time";
/** … and how many times faster than real time that clock runs. */
export const TIME_SCALE_HEADER = "x-guardrails-time-scale";

/** The headers that tell a client the emulator's time, read when a reply is written. */
export const clockHeaders = (clock: Clock, scale: number) => (): Record<string, string> => ({
  [EMULATOR_TIME_HEADER]: String(clock.now()),
  [TIME_SCALE_HEADER]: String(scale),
});
