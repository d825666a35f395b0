/**
 * UpdateEndpointWeightsAndCapacities: new weights and instance counts for an endpoint's variants
 * without a new configuration – the manual way to shift traffic (the moves: lifecycle.ts).
 *   InService → Updating (DescribeEndpoint: DesiredWeight / DesiredInstanceCount show the new
 *   values, CurrentWeight / CurrentInstanceCount the old ones) → after the provisioning delay,
 *   InService with the new values serving.
 * The endpoint's own copy of its configuration takes the new values, so a restart, DescribeEndpoint
 * and a later UpdateEndpoint (whose blue fleet it sizes) all see them; the endpoint configuration
 * itself is unchanged, as on AWS. A later deployment of another configuration brings that
 * configuration's values.
 */
import type {
  DesiredWeightAndCapacity,
  ProductionVariant,
  UpdateEndpointWeightsAndCapacitiesInput,
  UpdateEndpointWeightsAndCapacitiesOutput,
} from "@aws-sdk/client-sagemaker";
import { resized } from "../../fleet/fleet";
import { findEndpoint } from "./endpoints";
import { sageMakerValidator, validationException } from "./errors";
import { allVariants, fleetSpecOf } from "./fleet-specs";
import { checkUpdatable, moveTo } from "./lifecycle";
import { validateResourceName } from "./names";
import { checkResizeQuotas } from "./quotas";
import type { EndpointConfigRecord, VariantChange } from "./records";
import { keyOf, schedule, type SageMakerState } from "./state";
import { byName, own } from "../../names";

export async function updateEndpointWeightsAndCapacities(
  s: SageMakerState,
  input: UpdateEndpointWeightsAndCapacitiesInput,
): Promise<UpdateEndpointWeightsAndCapacitiesOutput> {
  const v = sageMakerValidator();
  validateResourceName(v, "endpointName", input.EndpointName);
  const path = "desiredWeightsAndCapacities";
  if (v.required(path, input.DesiredWeightsAndCapacities)) {
    v.list<DesiredWeightAndCapacity>(path, input.DesiredWeightsAndCapacities, { min: 1 }, (p, d) => {
      v.structure(p, d);
      validateResourceName(v, `${p}.variantName`, d.VariantName);
      v.number(`${p}.desiredWeight`, d.DesiredWeight, { min: 0 });
      v.integer(`${p}.desiredInstanceCount`, d.DesiredInstanceCount, { min: 0 });
    });
  }
  v.check();
  const record = findEndpoint(s, input.EndpointName);
  checkUpdatable(record);
  const variants = new Set(allVariants(record.config).map((pv) => pv.VariantName));
  const change = byName<VariantChange>();
  for (const d of input.DesiredWeightsAndCapacities!) {
    // Wordings inferred; a variant at 0 instances is an emulator limit, said plainly.
    if (!variants.has(d.VariantName))
      throw validationException(`The variant "${d.VariantName}" does not exist in endpoint "${record.arn}".`);
    if (Object.hasOwn(change, d.VariantName!))
      throw validationException(
        `The variant "${d.VariantName}" is named more than once in DesiredWeightsAndCapacities.`,
      );
    if (d.DesiredInstanceCount === 0)
      throw validationException(`The local emulator cannot scale variant "${d.VariantName}" to 0 instances.`);
    change[d.VariantName!] = { weight: d.DesiredWeight, instances: d.DesiredInstanceCount };
  }
  checkResizeQuotas(s.deps.quotas, s.endpoints.values(), record.config, changed(record.config, change));
  moveTo(record, "Updating", s.deps.clock.now(), { variantChange: change });
  await s.endpoints.put(keyOf(record.name), record);
  schedule(s, record.name, () => apply(s, record.name));
  return { EndpointArn: record.arn };
}

/** After a restart (resumeEndpoints has relaunched the fleet): a change under way is applied after the delay. */
export function resumeVariantChanges(s: SageMakerState): void {
  for (const record of s.endpoints.values())
    if (record.status === "Updating" && record.variantChange) schedule(s, record.name, () => apply(s, record.name));
}

/** Updating → InService with the desired values serving. */
async function apply(s: SageMakerState, name: string): Promise<void> {
  const record = s.endpoints.get(keyOf(name));
  if (!record || record.status !== "Updating" || !record.variantChange) return;
  const config = changed(record.config, record.variantChange);
  const serving = s.deps.fleets.get(record.name);
  if (serving)
    s.deps.fleets.serve(record.name, {
      blue: resized(serving.blue, fleetSpecOf(config, record.models)),
      greenShare: {},
    });
  moveTo(record, "InService", s.deps.clock.now(), { config, variantChange: undefined });
  await s.endpoints.put(keyOf(record.name), record);
}

/** The endpoint's configuration with the desired weights and counts. */
function changed(config: EndpointConfigRecord, change: Record<string, VariantChange>): EndpointConfigRecord {
  const apply = (list: ProductionVariant[] | undefined) =>
    list?.map((pv) => {
      const c = own(change, pv.VariantName!);
      return c
        ? {
            ...pv,
            InitialVariantWeight: c.weight ?? pv.InitialVariantWeight,
            InitialInstanceCount: c.instances ?? pv.InitialInstanceCount,
          }
        : pv;
    });
  return {
    ...config,
    spec: {
      ...config.spec,
      ProductionVariants: apply(config.spec.ProductionVariants),
      ShadowProductionVariants: apply(config.spec.ShadowProductionVariants),
    },
  };
}
