/**
 * Which fleet and variant answer a request (reference §5): the TargetVariant if given, else a
 * variant drawn with probability weight / sum of weights. During a deployment each variant's
 * traffic is split between the old (blue) and the new (green) fleet by the share the runner set
 * (fleet/rollout.ts), so no request ever lacks a fleet. Draws come from the emulator's injectable
 * `random` (random.ts), and only where there is a choice: a single variant with traffic
 * or a fleet that takes all or none of it consumes no draw.
 *
 * A production request is also copied to the shadow variant with probability
 * shadow weight / production weight, capped at 1 (AWS documents no formula for the weight of a
 * shadow variant; this is the inferred reading: weight 1 against 1 copies every request, 0.25
 * against 1 copies a quarter of them).
 */
import { greenShareOf, type Fleet, type Serving, type VariantFleet } from "../../fleet/fleet";
import { draw, type Random } from "../../random";
import { validationError } from "./errors";

export interface Route {
  fleet: Fleet;
  variant: VariantFleet;
}

export function route(serving: Serving, target: string | undefined, endpointName: string, random: Random): Route {
  const { blue, green, greenShare } = serving;
  const shares = Object.values(greenShare);
  if (!green || shares.every((s) => s <= 0)) return within(blue, target, endpointName, random);
  if (shares.every((s) => s >= 1)) return within(green, target, endpointName, random);
  // A partial shift: both fleets have the same variants (guardrails require it).
  const fromBlue = within(blue, target, endpointName, random);
  if (!draw(random, greenShareOf(greenShare, fromBlue.variant.name))) return fromBlue;
  const twin = green.variants.find((v) => v.name === fromBlue.variant.name);
  return twin ? { fleet: green, variant: twin } : fromBlue;
}

export function shadowCopyProbability(productionWeight: number, shadowWeight: number): number {
  // A production variant of weight 0 takes no traffic, so there is nothing to copy.
  if (!(productionWeight > 0) || !(shadowWeight > 0)) return 0;
  return Math.min(1, shadowWeight / productionWeight);
}

function within(fleet: Fleet, target: string | undefined, endpointName: string, random: Random): Route {
  if (target !== undefined) {
    const variant = fleet.variants.find((v) => v.name === target);
    if (!variant) throw validationError(`The variant "${target}" is not valid for endpoint "${endpointName}".`); // inferred wording
    return { fleet, variant };
  }
  const total = fleet.variants.reduce((sum, v) => sum + v.weight, 0);
  if (total <= 0) throw validationError(`Endpoint ${endpointName} has no variant with a positive weight.`); // inferred wording
  const candidates = fleet.variants.filter((v) => v.weight > 0);
  if (candidates.length === 1) return { fleet, variant: candidates[0]! };
  let point = random() * total;
  for (const v of candidates) {
    point -= v.weight;
    if (point < 0) return { fleet, variant: v };
  }
  return { fleet, variant: candidates.at(-1)! };
}
