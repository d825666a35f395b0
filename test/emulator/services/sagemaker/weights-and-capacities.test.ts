/**
 * UpdateEndpointWeightsAndCapacities through the JS SDK on a manual clock: Updating with the
 * desired values in DescribeEndpoint while the old ones serve, then InService with the new weights
 * routing traffic and the new instance count answering.
 */
import { rmSync } from "node:fs";
import {
  CreateEndpointConfigCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  type DesiredWeightAndCapacity,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import {
  ROW,
  STEP_MS,
  createEndpoint,
  describeEndpoint,
  publishMetrics,
  startFixture,
  type DeploymentFixture,
} from "../../deployments/fixture";
import { failure, metricSum, onceModelLoaded, startTestEmulator } from "../../../../support/emulator";

let f: DeploymentFixture;
beforeAll(async () => {
  f = await startFixture();
  await f.t.sagemaker().send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "blue-and-green",
      ProductionVariants: [
        {
          VariantName: "Blue",
          ModelName: "v1",
          InitialInstanceCount: 2,
          InstanceType: "ml.m5.large",
          InitialVariantWeight: 1,
        },
        {
          VariantName: "Green",
          ModelName: "v2",
          InitialInstanceCount: 1,
          InstanceType: "ml.m5.large",
          InitialVariantWeight: 0,
        },
      ],
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 },
    }),
  );
});
afterAll(() => f.t.stop());

const update = (EndpointName: string, DesiredWeightsAndCapacities: DesiredWeightAndCapacity[]) =>
  f.t.sagemaker().send(new UpdateEndpointWeightsAndCapacitiesCommand({ EndpointName, DesiredWeightsAndCapacities }));

async function variantsAnswering(endpoint: string, requests: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < requests; i++) {
    const out = await f.t
      .runtime()
      .send(new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from(ROW), ContentType: "text/csv" }));
    seen.add(out.InvokedProductionVariant!);
  }
  return seen;
}

const summary = async (endpoint: string) =>
  (await describeEndpoint(f.t, endpoint)).ProductionVariants?.map((v) => [
    v.VariantName,
    v.CurrentWeight,
    v.DesiredWeight,
    v.CurrentInstanceCount,
    v.DesiredInstanceCount,
  ]);

describe("UpdateEndpointWeightsAndCapacities", () => {
  it("shifts traffic and capacity without a new config: Updating (desired values shown, old ones serving) → InService", async () => {
    await createEndpoint(f, "shifted", "blue-and-green");
    expect(await variantsAnswering("shifted", 10)).toEqual(new Set(["Blue"]));
    const out = await update("shifted", [
      { VariantName: "Blue", DesiredWeight: 0 },
      { VariantName: "Green", DesiredWeight: 1, DesiredInstanceCount: 4 },
    ]);
    expect(out.EndpointArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:endpoint/shifted");
    const updating = await describeEndpoint(f.t, "shifted");
    expect(updating.EndpointStatus).toBe("Updating");
    expect(await summary("shifted")).toEqual([
      ["Blue", 1, 0, 2, 2],
      ["Green", 0, 1, 1, 4],
    ]);
    // Meanwhile the old weights serve.
    expect(await variantsAnswering("shifted", 10)).toEqual(new Set(["Blue"]));
    const again = await failure(update("shifted", [{ VariantName: "Blue", DesiredWeight: 1 }]));
    expect(again.message).toBe(
      'Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/shifted".',
    );

    f.clock.advance(STEP_MS);
    const done = await describeEndpoint(f.t, "shifted");
    expect([done.EndpointStatus, done.EndpointConfigName]).toEqual(["InService", "blue-and-green"]);
    expect(await summary("shifted")).toEqual([
      ["Blue", 0, 0, 2, 2],
      ["Green", 1, 1, 4, 4],
    ]);
    expect(await variantsAnswering("shifted", 8)).toEqual(new Set(["Green"]));
    // Four instances now share Green's requests: InvocationsPerInstance counts a quarter per request.
    publishMetrics(f);
    expect(await metricSum(f.t, "shifted", "Green", "InvocationsPerInstance", { now: f.clock.now() })).toBe(2);
  });

  it("finishes a change under way after a restart", async () => {
    const own = await startFixture();
    try {
      await own.t.sagemaker().send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "single",
          ProductionVariants: [
            { VariantName: "AllTraffic", ModelName: "v1", InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
          ],
        }),
      );
      await createEndpoint(own, "restarted", "single");
      await own.t.sagemaker().send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: "restarted",
          DesiredWeightsAndCapacities: [{ VariantName: "AllTraffic", DesiredInstanceCount: 3 }],
        }),
      );
      await own.t.emulator.stop();
      const again = await startTestEmulator({
        stateDir: own.t.stateDir,
        clock: own.clock,
        provisioningDelayMs: STEP_MS,
      });
      try {
        const before = await describeEndpoint(again, "restarted");
        expect([
          before.EndpointStatus,
          before.ProductionVariants?.[0]?.CurrentInstanceCount,
          before.ProductionVariants?.[0]?.DesiredInstanceCount,
        ]).toEqual(["Updating", 1, 3]);
        own.clock.advance(STEP_MS);
        const after = await describeEndpoint(again, "restarted");
        expect([after.EndpointStatus, after.ProductionVariants?.[0]?.CurrentInstanceCount]).toEqual(["InService", 3]);
        // The instances load the model again after the restart: ModelNotReadyException until they have.
        const answer = await onceModelLoaded(() =>
          again
            .runtime()
            .send(
              new InvokeEndpointCommand({ EndpointName: "restarted", Body: Buffer.from(ROW), ContentType: "text/csv" }),
            ),
        );
        expect(answer.InvokedProductionVariant).toBe("AllTraffic");
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(own.t.stateDir, { recursive: true, force: true });
    }
  });

  it("refuses added instances past an account quota with ResourceLimitExceeded, leaving the endpoint as it was", async () => {
    const own = await startFixture({ quotas: { instancesPerType: 4 } });
    try {
      await own.t.sagemaker().send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "small",
          ProductionVariants: [
            { VariantName: "AllTraffic", ModelName: "v1", InitialInstanceCount: 2, InstanceType: "ml.m5.large" },
          ],
        }),
      );
      await createEndpoint(own, "capped", "small");
      const resize = (DesiredInstanceCount: number) =>
        own.t.sagemaker().send(
          new UpdateEndpointWeightsAndCapacitiesCommand({
            EndpointName: "capped",
            DesiredWeightsAndCapacities: [{ VariantName: "AllTraffic", DesiredInstanceCount }],
          }),
        );
      const refused = await failure(resize(5));
      expect([refused.name, refused.$metadata.httpStatusCode]).toEqual(["ResourceLimitExceeded", 400]);
      expect(refused.message).toMatch(
        /^The account-level service limit 'ml\.m5\.large for endpoint usage' is 4 Instances, with current utilization of 2 Instances and a request delta of 3 Instances\. /,
      );
      const unchanged = await describeEndpoint(own.t, "capped");
      expect([unchanged.EndpointStatus, unchanged.ProductionVariants?.[0]?.CurrentInstanceCount]).toEqual([
        "InService",
        2,
      ]);
      // Up to the quota is allowed; shrinking never counts against it.
      await resize(4);
      own.clock.advance(STEP_MS);
      expect((await describeEndpoint(own.t, "capped")).ProductionVariants?.[0]?.CurrentInstanceCount).toBe(4);
      await resize(1);
      own.clock.advance(STEP_MS);
      expect((await describeEndpoint(own.t, "capped")).ProductionVariants?.[0]?.CurrentInstanceCount).toBe(1);
    } finally {
      await own.t.stop();
    }
  });

  it("validates the request as AWS does and refuses a variant the endpoint does not have", async () => {
    await createEndpoint(f, "checked", "blue-and-green");
    const invalid = await failure(
      update("checked", [{ VariantName: "Blue", DesiredWeight: -1, DesiredInstanceCount: 1.5 }]),
    );
    expect(invalid.name).toBe("SerializationException");
    const negative = await failure(update("checked", [{ VariantName: "Blue", DesiredWeight: -1 }]));
    expect(negative.message).toBe(
      "1 validation error detected: Value '-1' at 'desiredWeightsAndCapacities.1.member.desiredWeight' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    const empty = await failure(update("checked", []));
    expect(empty.message).toBe(
      "1 validation error detected: Value '[]' at 'desiredWeightsAndCapacities' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const unknown = await failure(update("checked", [{ VariantName: "Purple", DesiredWeight: 1 }]));
    expect([unknown.name, unknown.message]).toEqual([
      "ValidationException",
      'The variant "Purple" does not exist in endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/checked".',
    ]);
    const missing = await failure(update("nowhere", [{ VariantName: "Blue", DesiredWeight: 1 }]));
    expect(missing.message).toBe(
      'Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/nowhere".',
    );
    expect((await describeEndpoint(f.t, "checked")).EndpointStatus).toBe("InService");
  });
});
