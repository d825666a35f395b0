import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { PROJECT_TAG } from "../../../src/aws/config";
import { updateEndpoint } from "../../../src/aws/deploy/update";
import { verdictText } from "../../../src/aws/deploy/verdict";
import { createEndpoint } from "../../../src/aws/deploy/endpoint";
import { startSession, type SessionFixture } from "../../support/session";

describe("sending a cell's CreateEndpoint and UpdateEndpoint", () => {
  let f: SessionFixture;
  beforeAll(async () => {
    f = await startSession();
    const sm = f.session.clients.sagemaker;
    for (const k of [1, 2]) {
      await sm.send(
        new CreateModelCommand({
          ModelName: `model-${k}`,
          PrimaryContainer: { Image: f.session.config.images.linearLearner, ModelDataUrl: f.modelUri },
          ExecutionRoleArn: f.session.config.roleArn,
          Tags: [PROJECT_TAG],
        }),
      );
      await sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `config-${k}`,
          ProductionVariants: [
            {
              VariantName: "AllTraffic",
              ModelName: `model-${k}`,
              InstanceType: "ml.m5.xlarge",
              InitialInstanceCount: 2,
            },
          ],
          Tags: [PROJECT_TAG],
        }),
      );
    }
    // A config whose model cannot load: an endpoint created on it ends Failed.
    const { bucket, prefix } = f.session.config;
    await f.session.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/not-an-archive.tar.gz`, Body: "not a tar.gz" }),
    );
    await sm.send(
      new CreateModelCommand({
        ModelName: "model-broken",
        PrimaryContainer: {
          Image: f.session.config.images.linearLearner,
          ModelDataUrl: `s3://${bucket}/${prefix}/not-an-archive.tar.gz`,
        },
        ExecutionRoleArn: f.session.config.roleArn,
        Tags: [PROJECT_TAG],
      }),
    );
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "config-broken",
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "model-broken",
            InstanceType: "ml.m5.xlarge",
            InitialInstanceCount: 1,
          },
        ],
        Tags: [PROJECT_TAG],
      }),
    );
  });
  afterAll(() => f.stop());

  it("creates a missing endpoint, reuses it on the same config, and moves it with a plain update to another", async () => {
    const request = (config: string) => ({ EndpointName: "ep", EndpointConfigName: config, Tags: [PROJECT_TAG] });
    const created = await createEndpoint(f.session, request("config-1"));
    expect(created).toMatchObject({ action: "created", status: "InService", configName: "config-1" });
    expect(created.timeline.map((o) => o.status)).toContain("Creating");
    expect(await createEndpoint(f.session, request("config-1"))).toMatchObject({ action: "reused", timeline: [] });
    const moved = await createEndpoint(f.session, request("config-2"));
    expect(moved).toMatchObject({ action: "updated", status: "InService", configName: "config-2" });
    expect(moved.description?.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(2);
  });

  it("says why an endpoint that ends Failed is not usable, with SageMaker's FailureReason", async () => {
    const attempt = createEndpoint(f.session, {
      EndpointName: "ep-failed",
      EndpointConfigName: "config-broken",
      Tags: [PROJECT_TAG],
    });
    await expect(attempt).rejects.toThrow(/^Endpoint ep-failed is Failed: Failed to extract model data archive/);
  });

  it("deletes and recreates a Failed endpoint of the project's on the requested config", async () => {
    const recreated = await createEndpoint(f.session, {
      EndpointName: "ep-failed",
      EndpointConfigName: "config-1",
      Tags: [PROJECT_TAG],
    });
    expect(recreated).toMatchObject({ action: "recreated", status: "InService", configName: "config-1" });
    expect(recreated.timeline.map((o) => o.status)).toEqual(expect.arrayContaining(["Gone", "Creating", "InService"]));
  });

  it("leaves a Failed endpoint that is not the project's alone, and says what to do", async () => {
    const sm = f.session.clients.sagemaker;
    await sm.send(new CreateEndpointCommand({ EndpointName: "ep-theirs", EndpointConfigName: "config-broken" }));
    await expect(
      createEndpoint(f.session, { EndpointName: "ep-theirs", EndpointConfigName: "config-1", Tags: [PROJECT_TAG] }),
    ).rejects.toThrow(
      "Endpoint ep-theirs is Failed and is not this project's: delete it yourself, or pick another EndpointName.",
    );
    expect(await sm.send(new DescribeEndpointCommand({ EndpointName: "ep-theirs" }))).toMatchObject({
      EndpointStatus: "Failed",
      EndpointConfigName: "config-broken",
    });
  });

  it("skips a plain update to the config already serving, and says so", async () => {
    const before = await f.session.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "ep" }));
    const verdict = await updateEndpoint(f.session, {
      EndpointName: "ep",
      EndpointConfigName: before.EndpointConfigName,
    });
    expect(verdict).toMatchObject({ outcome: "unchanged", traffic: [] });
    expect(verdictText(verdict)).toBe(`♻️ UNCHANGED: ${before.EndpointConfigName ?? ""} was already serving.`);
    const after = await f.session.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "ep" }));
    expect(after.LastModifiedTime).toEqual(before.LastModifiedTime);
  });

  it("runs a guarded LINEAR deployment with traffic to its verdict", async () => {
    const verdict = await updateEndpoint(f.session, {
      EndpointName: "ep",
      EndpointConfigName: "config-1",
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: {
            Type: "LINEAR",
            LinearStepSize: { Type: "CAPACITY_PERCENT", Value: 50 },
            WaitIntervalInSeconds: 1,
          },
          TerminationWaitInSeconds: 0,
          MaximumExecutionTimeoutInSeconds: 600,
        },
      },
    });
    expect(verdict).toMatchObject({ outcome: "promoted", previous: "config-2", attached: "config-1" });
    expect(verdict.traffic.length).toBeGreaterThan(0);
    expect(verdict.traffic.every((r) => r.ok)).toBe(true);
  });

  it("sends no guarded update to the config already serving, and says in one line what to run first", async () => {
    const before = await f.session.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "ep" }));
    const said = vi.spyOn(console, "log").mockImplementation(() => {});
    const quiet = process.env.GUARDRAILS_QUIET;
    process.env.GUARDRAILS_QUIET = "0";
    try {
      const verdict = await updateEndpoint(f.session, {
        EndpointName: "ep",
        EndpointConfigName: before.EndpointConfigName,
        DeploymentConfig: {
          BlueGreenUpdatePolicy: {
            TrafficRoutingConfiguration: { Type: "ALL_AT_ONCE", WaitIntervalInSeconds: 0 },
            MaximumExecutionTimeoutInSeconds: 600,
          },
        },
      });
      expect(verdict).toMatchObject({ outcome: "unchanged", traffic: [] });
      expect(said.mock.calls.map((c) => String(c[0]))).toContain(
        `♻️ ep already serves ${before.EndpointConfigName ?? ""}: nothing to deploy. To watch this deployment again, ` +
          `first update the endpoint back to the config it started from (Task 2: the "back to version 1" cell), then rerun this cell.`,
      );
    } finally {
      process.env.GUARDRAILS_QUIET = quiet;
      said.mockRestore();
    }
    const after = await f.session.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "ep" }));
    expect(after.LastModifiedTime).toEqual(before.LastModifiedTime);
  });

  it("passes SageMaker's refusal of an invalid DeploymentConfig value on as one line, leaving the endpoint as it was", async () => {
    const before = await f.session.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "ep" }));
    const attempt = updateEndpoint(f.session, {
      EndpointName: "ep",
      EndpointConfigName: "config-2",
      DeploymentConfig: {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: {
            Type: "CANARY",
            CanarySize: { Type: "INSTANCE_COUNT", Value: 1 },
            WaitIntervalInSeconds: 5000,
          },
        },
      },
    });
    await expect(attempt).rejects.toThrow(
      /^ValidationException: 1 validation error detected: Value '5000' at 'deploymentConfig\.blueGreenUpdatePolicy\.trafficRoutingConfiguration\.waitIntervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600$/,
    );
    const after = await f.session.clients.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "ep" }));
    expect(after).toMatchObject({ EndpointStatus: "InService", EndpointConfigName: before.EndpointConfigName });
  });

  it("tells the learner to run Task 1 when the endpoint does not exist", async () => {
    await expect(updateEndpoint(f.session, { EndpointName: "nope", EndpointConfigName: "config-1" })).rejects.toThrow(
      "Endpoint nope does not exist: run Task 1 first.",
    );
  });
});
