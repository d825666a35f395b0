import {
  CreateModelCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type CreateModelCommandInput,
} from "@aws-sdk/client-sagemaker";
import { PROJECT_TAG } from "../../../src/aws/config";
import { createEndpointConfig, createModel } from "../../../src/aws/deploy/resources";
import { NotebookError } from "../../../src/aws/errors";
import { startSession, type SessionFixture } from "../../support/session";

describe("sending a cell's CreateModel and CreateEndpointConfig idempotently", () => {
  let f: SessionFixture;
  beforeAll(async () => {
    f = await startSession();
  });
  afterAll(() => f.stop());

  const model = (name: string, image: string): CreateModelCommandInput => ({
    ModelName: name,
    PrimaryContainer: { Image: image, ModelDataUrl: f.modelUri },
    ExecutionRoleArn: f.session.config.roleArn,
    Tags: [PROJECT_TAG],
  });

  it("creates a missing model, reuses it when the request is the same, and replaces it when the request changed", async () => {
    const { linearLearner, xgboost } = f.session.config.images;
    expect(await createModel(f.session, model("m-1", linearLearner))).toMatchObject({
      action: "created",
      arn: "arn:aws:sagemaker:us-east-1:000000000000:model/m-1",
    });
    expect(await createModel(f.session, model("m-1", linearLearner))).toMatchObject({ action: "reused", differed: [] });
    expect(await createModel(f.session, model("m-1", xgboost))).toMatchObject({
      action: "replaced",
      differed: ["PrimaryContainer.Image"],
    });
    const now = await f.session.clients.sagemaker.send(new DescribeModelCommand({ ModelName: "m-1" }));
    expect(now.PrimaryContainer?.Image).toBe(xgboost);
  });

  it("never replaces a differing model that is not the project's", async () => {
    const { linearLearner, xgboost } = f.session.config.images;
    await f.session.clients.sagemaker.send(
      new CreateModelCommand({ ...model("foreign", linearLearner), Tags: [{ Key: "team", Value: "other" }] }),
    );
    const attempt = createModel(f.session, model("foreign", xgboost));
    await expect(attempt).rejects.toBeInstanceOf(NotebookError);
    await expect(attempt).rejects.toThrow(
      "Model foreign exists, differs from the request in PrimaryContainer.Image, and is not this project's (no project tag): delete or rename it yourself.",
    );
    const kept = await f.session.clients.sagemaker.send(new DescribeModelCommand({ ModelName: "foreign" }));
    expect(kept.PrimaryContainer?.Image).toBe(linearLearner);
  });

  it("replaces an endpoint config whose variant changed, and reuses one whose request omits AWS's defaults", async () => {
    await createModel(f.session, model("m-2", f.session.config.images.linearLearner));
    const config = (instances: number) => ({
      EndpointConfigName: "c-1",
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: "m-2",
          InstanceType: "ml.m5.xlarge" as const,
          InitialInstanceCount: instances,
        },
      ],
      Tags: [PROJECT_TAG],
    });
    expect(await createEndpointConfig(f.session, config(3))).toMatchObject({ action: "created" });
    expect(await createEndpointConfig(f.session, config(3))).toMatchObject({ action: "reused" });
    expect(await createEndpointConfig(f.session, config(1))).toMatchObject({
      action: "replaced",
      differed: ["ProductionVariants[0].InitialInstanceCount"],
    });
    const now = await f.session.clients.sagemaker.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: "c-1" }),
    );
    expect(now.ProductionVariants?.[0]?.InitialInstanceCount).toBe(1);
  });

  it("passes SageMaker's refusal of an invalid value on as one line with its code", async () => {
    const bad = { ...model("m-3", f.session.config.images.linearLearner), ModelName: "not a valid name" };
    await expect(createModel(f.session, bad)).rejects.toThrow(
      /^ValidationException: 1 validation error detected: Value 'not a valid name' at 'modelName'/,
    );
  });
});
