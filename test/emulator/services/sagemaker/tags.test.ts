import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { AddTagsCommand, CreateModelCommand, DeleteTagsCommand, ListTagsCommand } from "@aws-sdk/client-sagemaker";
import {
  LINEAR_LEARNER_IMAGE,
  ROLE,
  failure,
  startTestEmulator,
  type TestEmulator,
} from "../../../../support/emulator";

let t: TestEmulator;
let ResourceArn: string;
beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket: "artifacts" }));
  await t.s3().send(new PutObjectCommand({ Bucket: "artifacts", Key: "m.tar.gz", Body: "x" }));
  const created = await t.sagemaker().send(
    new CreateModelCommand({
      ModelName: "tagged",
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://artifacts/m.tar.gz" },
      Tags: [{ Key: "project", Value: "guardrails" }],
    }),
  );
  ResourceArn = created.ModelArn!;
});
afterAll(() => t.stop());

describe("SageMaker tags", () => {
  it("keeps tags given at creation, adds, overwrites and deletes them", async () => {
    const sm = t.sagemaker();
    expect((await sm.send(new ListTagsCommand({ ResourceArn }))).Tags).toEqual([
      { Key: "project", Value: "guardrails" },
    ]);
    const added = await sm.send(
      new AddTagsCommand({
        ResourceArn,
        Tags: [
          { Key: "stage", Value: "dev" },
          { Key: "project", Value: "notebook" },
        ],
      }),
    );
    expect(added.Tags).toEqual([
      { Key: "stage", Value: "dev" },
      { Key: "project", Value: "notebook" },
    ]);
    expect((await sm.send(new ListTagsCommand({ ResourceArn }))).Tags).toEqual([
      { Key: "stage", Value: "dev" },
      { Key: "project", Value: "notebook" },
    ]);
    await sm.send(new DeleteTagsCommand({ ResourceArn, TagKeys: ["stage"] }));
    expect((await sm.send(new ListTagsCommand({ ResourceArn }))).Tags).toEqual([{ Key: "project", Value: "notebook" }]);
  });

  it("pages through tags", async () => {
    const sm = t.sagemaker();
    await sm.send(
      new AddTagsCommand({
        ResourceArn,
        Tags: Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: String(i) })),
      }),
    );
    const first = await sm.send(new ListTagsCommand({ ResourceArn, MaxResults: 50 }));
    expect(first.Tags).toHaveLength(50);
    expect(first.NextToken).toBeUndefined();
    await sm.send(new AddTagsCommand({ ResourceArn, Tags: [{ Key: "extra", Value: "" }] }));
    const page1 = await sm.send(new ListTagsCommand({ ResourceArn, MaxResults: 50 }));
    const page2 = await sm.send(new ListTagsCommand({ ResourceArn, MaxResults: 50, NextToken: page1.NextToken }));
    expect(page2.Tags).toEqual([{ Key: "extra", Value: "" }]);
  });

  it("answers Could not find model for an ARN that names no resource", async () => {
    const arn = "arn:aws:sagemaker:us-east-1:000000000000:model/nobody";
    const e = await failure(t.sagemaker().send(new ListTagsCommand({ ResourceArn: arn })));
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(`Could not find model "${arn}".`);
  });

  it("validates the ARN and tag keys", async () => {
    const sm = t.sagemaker();
    const arn = await failure(
      sm.send(new AddTagsCommand({ ResourceArn: "not-an-arn", Tags: [{ Key: "a", Value: "b" }] })),
    );
    expect(arn.message).toMatch(
      /^1 validation error detected: Value 'not-an-arn' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    const key = await failure(
      sm.send(
        new AddTagsCommand({
          ResourceArn,
          Tags: [
            { Key: "", Value: "b" },
            { Key: "bad#key", Value: "b" },
          ],
        }),
      ),
    );
    expect(key.message).toMatch(
      /^2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; Value 'bad#key' at 'tags.2.member.key'/,
    );
    const none = await failure(sm.send(new DeleteTagsCommand({ ResourceArn, TagKeys: [] })));
    expect(none.message).toContain(
      "at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
