/**
 * Partial faults, to rehearse alarms: a model whose container Environment (CreateModel) holds one
 * of these emulator-only keys misbehaves on purpose, on every instance of every variant serving it.
 * - GUARDRAILS_EMULATOR_ERROR_RATE (0 to 1): the share of requests answered with a server error
 *   (500), drawn per request from the emulator's random source;
 * - GUARDRAILS_EMULATOR_ADDED_LATENCY_MS (0 to 600000): the time the container takes before it
 *   answers, on top of the model's own.
 * Both happen inside the container, so they reach the caller and CloudWatch as a real container's
 * would: a ModelError (424) and an Invocation5XXError, ModelLatency (not OverheadLatency), and past
 * the invocation timeout the Runtime's own timeout error. Real SageMaker passes the variables to the
 * container, and the built-in containers ignore them. A model without the keys is served untouched
 * and draws nothing from the random source.
 */
import type { InvocationResult } from "../../models";
import { draw, type Random } from "../random";
import type { Container } from "./container";

export const ERROR_RATE_KEY = "GUARDRAILS_EMULATOR_ERROR_RATE";
export const ADDED_LATENCY_KEY = "GUARDRAILS_EMULATOR_ADDED_LATENCY_MS";

/** Ten minutes: far beyond the invocation timeout, so any timeout can be rehearsed. */
const MAX_ADDED_LATENCY_MS = 600_000;

export interface Faults {
  /** Share of requests answered with a server error, 0 to 1. */
  errorRate: number;
  addedLatencyMs: number;
}

type Environment = Readonly<Record<string, string>> | undefined;

const NUMBER = /^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$/;

function setting(environment: Environment, key: string, max: number): number | string | undefined {
  if (!environment || !Object.hasOwn(environment, key)) return undefined;
  const text = environment[key]!;
  const value = Number(text);
  return NUMBER.test(text) && value <= max ? value : `${key} must be a number from 0 to ${max}; got "${text}".`;
}

/**
 * Why the environment's fault settings are unusable, or undefined when they are fine (or absent).
 * CreateModel refuses such a model, so a typo never deploys a container that silently behaves.
 */
export function faultSettingProblem(environment: Environment): string | undefined {
  const problems = [
    setting(environment, ERROR_RATE_KEY, 1),
    setting(environment, ADDED_LATENCY_KEY, MAX_ADDED_LATENCY_MS),
  ];
  const messages = problems.filter((p): p is string => typeof p === "string");
  return messages.length > 0
    ? `${messages.join(" ")} (a setting of the local emulator's partial faults; real SageMaker containers ignore it)`
    : undefined;
}

/** The faults the environment sets, or undefined when it sets none (the container is served untouched). */
export function faultsOf(environment: Environment): Faults | undefined {
  const errorRate = setting(environment, ERROR_RATE_KEY, 1);
  const addedLatencyMs = setting(environment, ADDED_LATENCY_KEY, MAX_ADDED_LATENCY_MS);
  if (errorRate === undefined && addedLatencyMs === undefined) return undefined;
  return {
    errorRate: typeof errorRate === "number" ? errorRate : 0,
    addedLatencyMs: typeof addedLatencyMs === "number" ? addedLatencyMs : 0,
  };
}

/** The container's body for a request failed on purpose: the caller reads it in ModelError's message. */
export const faultMessage = (errorRate: number): string =>
  `Emulated server error (${ERROR_RATE_KEY}=${errorRate}): the local emulator failed this request on purpose.`;

/** At least `ms` by performance.now(), which ModelLatency is measured with (a timer may fire a fraction early). */
async function delay(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now())
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
}

/** The container with the faults: it waits the added latency, then fails the drawn share of requests or answers as before. */
export function faultyContainer(container: Container, faults: Faults, random: Random): Container {
  const fail = (): InvocationResult => ({
    status: 500,
    contentType: "text/plain",
    body: faultMessage(faults.errorRate),
  });
  const answer = (body: Uint8Array, contentType: string, accept: string | undefined) =>
    draw(random, faults.errorRate) ? fail() : container.invoke(body, contentType, accept);
  return {
    ping: () => container.ping(),
    invoke: (body, contentType, accept) =>
      faults.addedLatencyMs > 0
        ? delay(faults.addedLatencyMs).then(() => answer(body, contentType, accept))
        : answer(body, contentType, accept),
  };
}
