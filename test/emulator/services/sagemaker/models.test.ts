import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateModelCommand,
  DeleteModelCommand,
  DescribeModelCommand,
  ListModelsCommand,
} from "@aws-sdk/client-sagemaker";
import {
  LINEAR_LEARNER_IMAGE,
  ROLE,
  failure,
  startTestEmulator,
  type TestEmulator,
} from "../../../../support/emulator";

let t: TestEmulator;
const ModelDataUrl = "s3://artifacts/model.tar.gz";
beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket: "artifacts" }));
  await t.s3().send(new PutObjectCommand({ Bucket: "artifacts", Key: "model.tar.gz", Body: "bytes" }));
});
afterAll(() => t.stop());

const model = (ModelName: string) =>
  new CreateModelCommand({
    ModelName,
    ExecutionRoleArn: ROLE,
    PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl },
  });

describe("SageMaker models", () => {
  it("creates a model and describes it as AWS does", async () => {
    const sm = t.sagemaker();
    const created = await sm.send(model("Weather-Model-1"));
    expect(created.ModelArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:model/weather-model-1");
    const d = await sm.send(new DescribeModelCommand({ ModelName: "Weather-Model-1" }));
    expect(d).toMatchObject({
      ModelName: "Weather-Model-1",
      ModelArn: created.ModelArn,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl, Mode: "SingleModel", Environment: {} },
      EnableNetworkIsolation: false,
    });
    expect(d.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(d.CreationTime!.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it("refuses a duplicate name (also in another case)", async () => {
    const sm = t.sagemaker();
    await sm.send(model("dup-model"));
    const e = await failure(sm.send(model("DUP-model")));
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(
      'Cannot create already existing model "arn:aws:sagemaker:us-east-1:000000000000:model/dup-model".',
    );
    expect(e.$metadata.httpStatusCode).toBe(400);
  });

  it("reports a name that breaks the pattern with AWS's validation message", async () => {
    const e = await failure(t.sagemaker().send(model("bad_name")));
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(
      "1 validation error detected: Value 'bad_name' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$",
    );
  });

  it("counts several failed constraints: N validation errors detected", async () => {
    const e = await failure(
      t.sagemaker().send(
        new CreateModelCommand({
          ModelName: `-${"x".repeat(70)}`,
          ExecutionRoleArn: "not-a-role",
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl },
        }),
      ),
    );
    expect(e.message).toMatch(
      /^2 validation errors detected: Value '-x+' at 'modelName' failed to satisfy constraint: Member must have length less than or equal to 63, Member must satisfy regular expression pattern: .*; Value 'not-a-role' at 'executionRoleArn' failed to satisfy constraint: Member must have length greater than or equal to 20, Member must satisfy regular expression pattern: /,
    );
  });

  it("requires ModelName (Member must not be null) and a container", async () => {
    const noName = await failure(
      t
        .sagemaker()
        .send(new CreateModelCommand({ ModelName: undefined, PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE } })),
    );
    expect(noName.message).toBe(
      "1 validation error detected: Value null at 'modelName' failed to satisfy constraint: Member must not be null",
    );
    const noContainer = await failure(
      t.sagemaker().send(new CreateModelCommand({ ModelName: "no-container", ExecutionRoleArn: ROLE })),
    );
    expect(noContainer.name).toBe("ValidationException");
  });

  it("refuses model data that is not in S3", async () => {
    const url = "s3://artifacts/missing.tar.gz";
    const e = await failure(
      t.sagemaker().send(
        new CreateModelCommand({
          ModelName: "no-data",
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: url },
        }),
      ),
    );
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(`Could not find model data at ${url}.`);
  });

  it("answers Could not find model for Describe and Delete of a missing model", async () => {
    const arn = "arn:aws:sagemaker:us-east-1:000000000000:model/ghost";
    for (const cmd of [
      new DescribeModelCommand({ ModelName: "ghost" }),
      new DeleteModelCommand({ ModelName: "ghost" }),
    ]) {
      const e = await failure(t.sagemaker().send(cmd as DescribeModelCommand));
      expect(e.name).toBe("ValidationException");
      expect(e.message).toBe(`Could not find model "${arn}".`);
    }
  });

  it("deletes a model", async () => {
    const sm = t.sagemaker();
    await sm.send(model("short-lived"));
    await sm.send(new DeleteModelCommand({ ModelName: "short-lived" }));
    const gone = await failure(sm.send(new DescribeModelCommand({ ModelName: "short-lived" })));
    expect([gone.name, gone.message]).toEqual([
      "ValidationException",
      'Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/short-lived".',
    ]);
  });

  it("lists models with NameContains, sort order, creation-time bounds and pagination", async () => {
    const sm = t.sagemaker();
    const before = new Date(Date.now() - 1000);
    for (const name of ["list-b", "list-a", "list-c"]) await sm.send(model(name));
    const byName = await sm.send(
      new ListModelsCommand({ NameContains: "LIST-", SortBy: "Name", SortOrder: "Ascending" }),
    );
    expect(byName.Models?.map((m) => m.ModelName)).toEqual(["list-a", "list-b", "list-c"]);
    expect(byName.Models?.[0]?.ModelArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:model/list-a");
    const newestFirst = await sm.send(new ListModelsCommand({ NameContains: "list-" }));
    expect(newestFirst.Models?.map((m) => m.ModelName)).toEqual(["list-c", "list-a", "list-b"]);
    const none = await sm.send(new ListModelsCommand({ NameContains: "list-", CreationTimeBefore: before }));
    expect(none.Models).toEqual([]);
    const after = await sm.send(new ListModelsCommand({ NameContains: "list-", CreationTimeAfter: before }));
    expect(after.Models).toHaveLength(3);

    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sm.send(
        new ListModelsCommand({
          NameContains: "list-",
          SortBy: "Name",
          SortOrder: "Ascending",
          MaxResults: 2,
          NextToken,
        }),
      );
      names.push(...page.Models!.map((m) => m.ModelName!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toEqual(["list-a", "list-b", "list-c"]);
  });

  it("rejects list parameters outside their enum and range", async () => {
    const e = await failure(t.sagemaker().send(new ListModelsCommand({ SortBy: "Size" as never, MaxResults: 0 })));
    expect(e.message).toBe(
      "2 validation errors detected: Value 'Size' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime]; Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    const token = await failure(t.sagemaker().send(new ListModelsCommand({ NextToken: "not-a-token" })));
    expect(token.name).toBe("ValidationException");
  });
});
