/**
 * Fleet and variant routing draws from the emulator's injectable `random`, so a seeded source
 * routes the same way every time; a draw is consumed only where there is a choice.
 */
import type { Container } from "../../../../src/emulator/containers/container";
import { VariantFleet, type Fleet, type Serving } from "../../../../src/emulator/fleet/fleet";
import { seededRandom } from "../../../../src/emulator/random";
import { route, shadowCopyProbability } from "../../../../src/emulator/services/runtime/routing";

/** Routing never asks the container anything. */
const idle: Container = { ping: () => true, invoke: () => ({ status: 200, contentType: "text/plain", body: "" }) };

const fleet = (endpointConfigName: string, weights: Record<string, number>): Fleet => ({
  endpointConfigName,
  variants: Object.entries(weights).map(([name, weight]) => new VariantFleet(name, weight, 1, [idle])),
  shadowVariants: [],
  metricsIntervalS: 60,
});

/** Fleet config and variant of `n` routed requests. */
const routes = (serving: Serving, random: () => number, n = 200) =>
  Array.from({ length: n }, () => {
    const r = route(serving, undefined, "e", random);
    return `${r.fleet.endpointConfigName}/${r.variant.name}`;
  });

describe("routing", () => {
  it("routes by weight with the injected source: one seed, one sequence", () => {
    const serving: Serving = { blue: fleet("c", { a: 3, b: 1 }), greenShare: {} };
    const first = routes(serving, seededRandom(7));
    expect(routes(serving, seededRandom(7))).toEqual(first);
    expect(routes(serving, seededRandom(8))).not.toEqual(first);
    const a = first.filter((r) => r === "c/a").length;
    expect(a / first.length).toBeGreaterThan(0.6);
    expect(a / first.length).toBeLessThan(0.9);
  });

  it("splits a partial shift between the fleets with the injected source", () => {
    const serving: Serving = {
      blue: fleet("v1", { AllTraffic: 1 }),
      green: fleet("v2", { AllTraffic: 1 }),
      greenShare: { AllTraffic: 1 / 3 },
    };
    const first = routes(serving, seededRandom(11));
    expect(routes(serving, seededRandom(11))).toEqual(first);
    expect(new Set(first)).toEqual(new Set(["v1/AllTraffic", "v2/AllTraffic"]));
  });

  it("consumes no draw where there is no choice: one variant with traffic, a fleet taking all or none", () => {
    const never = () => {
      throw new Error("drew");
    };
    expect(routes({ blue: fleet("c", { a: 1, b: 0 }), greenShare: {} }, never, 3)).toEqual(["c/a", "c/a", "c/a"]);
    expect(
      routes({ blue: fleet("v1", { x: 1 }), green: fleet("v2", { x: 1 }), greenShare: { x: 1 } }, never, 1),
    ).toEqual(["v2/x"]);
    expect(
      routes({ blue: fleet("v1", { x: 1 }), green: fleet("v2", { x: 1 }), greenShare: { x: 0 } }, never, 1),
    ).toEqual(["v1/x"]);
  });
});

describe("shadow copy probability", () => {
  it("is shadow weight / production weight, capped at 1", () => {
    expect(shadowCopyProbability(1, 1)).toBe(1);
    expect(shadowCopyProbability(1, 0.25)).toBe(0.25);
    expect(shadowCopyProbability(2, 1)).toBe(0.5);
    expect(shadowCopyProbability(1, 3)).toBe(1);
  });

  it("is 0 when either weight is 0", () => {
    expect(shadowCopyProbability(0, 1)).toBe(0);
    expect(shadowCopyProbability(1, 0)).toBe(0);
  });
});
