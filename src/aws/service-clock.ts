/**
 * The time of the service the notebook talks to. On AWS it is the host's clock. The local emulator
 * may run its clock faster (GUARDRAILS_TIME_SCALE, `--time-scale`): every reply says its time and
 * scale in two headers, read here by a middleware on each SDK client, so every window the helpers
 * query and draw and every pace they keep is in the service's time.
 */
import { EMULATOR_TIME_HEADER, TIME_SCALE_HEADER } from "../emulator";

export class ServiceClock {
  #time: number | undefined;
  #receivedAt = 0;
  #scale = 1;

  /** How many times faster than real time the service's clock runs (1 on AWS). */
  get scale(): number {
    return this.#scale;
  }

  /** The service's time now (epoch ms). */
  now(): number {
    if (this.#time === undefined) return Date.now();
    return this.#time + Math.round((Date.now() - this.#receivedAt) * this.#scale);
  }

  /** Waits `ms` of the service's time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / this.#scale));
  }

  /** Which clock times are on, where it is not real time: "emulator clock ×N". */
  get label(): string | undefined {
    return this.#scale === 1 ? undefined : `emulator clock ×${this.#scale}`;
  }

  /** Takes the time and scale a reply announced (a reply without them, e.g. AWS's, changes nothing). */
  observe(headers: Record<string, string | undefined> | undefined): void {
    const time = Number(headers?.[EMULATOR_TIME_HEADER]);
    const scale = Number(headers?.[TIME_SCALE_HEADER]);
    if (!Number.isFinite(time) || !(scale >= 1)) return;
    this.#time = time;
    this.#receivedAt = Date.now();
    this.#scale = scale;
  }
}

/**
 * The middleware that hands each raw reply's headers to `clock`: innermost in the deserialize step,
 * so it sees error replies too, before they are parsed into exceptions.
 */
export function readServiceTime(clock: ServiceClock) {
  return <A, R extends { response: unknown }>(next: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      const out = await next(args);
      clock.observe((out.response as { headers?: Record<string, string | undefined> }).headers);
      return out;
    };
}

export const SERVICE_TIME_MIDDLEWARE = { step: "deserialize", priority: "low", name: "guardrailsServiceTime" } as const;
