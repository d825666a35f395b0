/**
 * Sixteen clients send requests back to back through a whole canary that succeeds and through
 * one that rolls back. Each answer tells which fleet gave it (version 1 and version 2 predict
 * differently; the faulty canary answers 500), so the test can hold the metrics to account:
 * no healthy fleet fails a request, and for every variant and every configuration the
 * Invocations Sum equals the requests it answered.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UpdateEndpointCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { loadLinearLearner } from "../../../src/models";
import { DATA, metricSum } from "../../../support/emulator";
import { canaryConfig } from "../../../support/deployment-config";
import {
  ROW,
  createAlarms,
  createEndpoint,
  fromFaultyFleet,
  publishMetrics,
  startFixture,
  walk,
  type DeploymentFixture,
} from "./fixture";

const CLIENTS = 16;
/** A whole canary walked 500 ms at a time behind sixteen busy clients: minutes on two loaded cores. */
const LOADED_MS = 300_000;
const answerOf = (artifact: string) =>
  loadLinearLearner(readFileSync(join(DATA, artifact)), artifact).invoke(
    Buffer.from(ROW),
    "text/csv",
    "application/json",
  ).body;
const ANSWERS: Record<string, string | Uint8Array> = {
  v1: answerOf("005-model.tar.gz"),
  v2: answerOf("009-model.tar.gz"),
};

let f: DeploymentFixture;
beforeAll(async () => {
  f = await startFixture();
  expect(ANSWERS["v1"]).not.toEqual(ANSWERS["v2"]);
});
afterAll(() => f.t.stop());

interface Tally {
  /** Requests answered, by the configuration whose model answered. */
  answered: Record<string, number>;
  failures: Error[];
}

/** Runs `during` while CLIENTS clients send requests one after another each; returns what they got. */
async function underLoad(endpoint: string, during: () => Promise<void>): Promise<Tally> {
  const tally: Tally = { answered: {}, failures: [] };
  let running = true;
  const client = async () => {
    const runtime = f.t.runtime();
    while (running) {
      try {
        const out = await runtime.send(
          new InvokeEndpointCommand({
            EndpointName: endpoint,
            Body: Buffer.from(ROW),
            ContentType: "text/csv",
            Accept: "application/json",
          }),
        );
        const body = Buffer.from(out.Body).toString("utf8");
        const config = Object.keys(ANSWERS).find((c) => ANSWERS[c] === body) ?? `unknown answer ${body}`;
        tally.answered[config] = (tally.answered[config] ?? 0) + 1;
      } catch (e) {
        tally.failures.push(e as Error);
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  try {
    await during();
  } finally {
    running = false;
    await Promise.all(clients);
  }
  return tally;
}

/** A sum once everything sent so far is published. */
function invocations(endpoint: string, EndpointConfigName?: string): Promise<number> {
  publishMetrics(f);
  return metricSum(f.t, endpoint, "AllTraffic", "Invocations", { EndpointConfigName, now: f.clock.now() });
}

async function canary(endpoint: string, target: string): Promise<Tally> {
  await createEndpoint(f, endpoint, "v1");
  const alarms = await createAlarms(f.t, endpoint);
  return underLoad(endpoint, async () => {
    await f.t.sagemaker().send(
      new UpdateEndpointCommand({
        EndpointName: endpoint,
        EndpointConfigName: target,
        DeploymentConfig: canaryConfig(20, { alarms }),
      }),
    );
    await walk(f, endpoint);
  });
}

describe(`${CLIENTS} concurrent clients through a deployment`, () => {
  it(
    "a canary that succeeds: no request fails, each configuration's Invocations equal the requests its fleet answered",
    async () => {
      const tally = await canary("load-ok", "v2");
      expect(tally.failures).toEqual([]);
      expect(Object.keys(tally.answered).sort()).toEqual(["v1", "v2"]);
      expect(await invocations("load-ok", "v1")).toBe(tally.answered["v1"]);
      expect(await invocations("load-ok", "v2")).toBe(tally.answered["v2"]);
      expect(await invocations("load-ok")).toBe(tally.answered["v1"]! + tally.answered["v2"]!);
    },
    LOADED_MS,
  );

  it(
    "a canary that rolls back: only the faulty canary's answers fail, and every answer is counted once",
    async () => {
      const tally = await canary("load-bad", "bad");
      expect(tally.failures.length).toBeGreaterThan(0);
      expect(tally.failures.filter((e) => !fromFaultyFleet(e))).toEqual([]);
      expect(Object.keys(tally.answered)).toEqual(["v1"]);
      expect(await invocations("load-bad", "v1")).toBe(tally.answered["v1"]);
      expect(await invocations("load-bad", "bad")).toBe(tally.failures.length);
      expect(await invocations("load-bad")).toBe(tally.answered["v1"]! + tally.failures.length);
    },
    LOADED_MS,
  );
});
