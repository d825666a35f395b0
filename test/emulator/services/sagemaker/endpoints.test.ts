import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  ListEndpointsCommand,
  type DescribeEndpointOutput,
} from "@aws-sdk/client-sagemaker";
import { ManualClock } from "../../../../src/emulator/clock";
import {
  LINEAR_LEARNER_IMAGE,
  ROLE,
  eventually,
  failure,
  startTestEmulator,
  tarGz,
  type TestEmulator,
} from "../../../../support/emulator";

const DELAY = 1500;
const clock = new ManualClock();
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ clock, provisioningDelayMs: DELAY });
  const s3 = t.s3();
  await s3.send(new CreateBucketCommand({ Bucket: "artifacts" }));
  await s3.send(
    new PutObjectCommand({
      Bucket: "artifacts",
      Key: "valid.tar.gz",
      Body: tarGz({ "model.txt": "not a real model" }),
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: "artifacts", Key: "not-an-archive.tar.gz", Body: "plain text" }));
  await s3.send(new PutObjectCommand({ Bucket: "artifacts", Key: "vanishing.tar.gz", Body: tarGz({ a: "b" }) }));
});
afterAll(() => t.stop());

const ARN = (kind: string, name: string) => `arn:aws:sagemaker:us-east-1:000000000000:${kind}/${name}`;

/** Model + single-variant config named after `name`. */
async function deployable(name: string, image: string, key: string): Promise<void> {
  const sm = t.sagemaker();
  await sm.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: image, ModelDataUrl: `s3://artifacts/${key}` },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 2, InstanceType: "ml.m5.large" },
      ],
    }),
  );
}

const describe_ = (EndpointName: string) => t.sagemaker().send(new DescribeEndpointCommand({ EndpointName }));

/** Passes the provisioning delay and waits for the fleet launch to settle. */
async function settle(name: string): Promise<DescribeEndpointOutput> {
  clock.advance(DELAY);
  return eventually(async () => {
    const d = await describe_(name);
    return d.EndpointStatus === "Creating" ? undefined : d;
  });
}

describe("SageMaker endpoints", () => {
  it("is Creating until the provisioning delay has passed", async () => {
    await deployable("slow", "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom:1", "valid.tar.gz");
    const created = await t
      .sagemaker()
      .send(new CreateEndpointCommand({ EndpointName: "slow", EndpointConfigName: "slow" }));
    expect(created.EndpointArn).toBe(ARN("endpoint", "slow"));
    clock.advance(DELAY - 1);
    const d = await describe_("slow");
    expect(d).toMatchObject({
      EndpointName: "slow",
      EndpointArn: created.EndpointArn,
      EndpointConfigName: "slow",
      EndpointStatus: "Creating",
    });
    expect(d.ProductionVariants).toBeUndefined();
    expect(d.CreationTime).toEqual(new Date(clock.now() - DELAY + 1));
    expect(d.LastModifiedTime).toEqual(d.CreationTime);
  });

  it("cannot be deleted while Creating", async () => {
    const e = await failure(t.sagemaker().send(new DeleteEndpointCommand({ EndpointName: "slow" })));
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe(`Cannot update in-progress endpoint "${ARN("endpoint", "slow")}".`);
  });

  it("fails with the ping health-check reason when the image is not a container the emulator runs", async () => {
    const d = await settle("slow");
    expect(d.EndpointStatus).toBe("Failed");
    expect(d.FailureReason).toBe(
      "The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.",
    );
    expect(d.LastModifiedTime!.getTime()).toBeGreaterThan(d.CreationTime!.getTime());
  });

  it("fails with AWS's extraction reason when the model data is not a tar.gz", async () => {
    await deployable("not-archive", LINEAR_LEARNER_IMAGE, "not-an-archive.tar.gz");
    await t
      .sagemaker()
      .send(new CreateEndpointCommand({ EndpointName: "not-archive", EndpointConfigName: "not-archive" }));
    const d = await settle("not-archive");
    expect(d.EndpointStatus).toBe("Failed");
    expect(d.FailureReason).toBe(
      'Failed to extract model data archive for container "container_1" from URL "s3://artifacts/not-an-archive.tar.gz". Please ensure that the object located at the URL is a valid tar.gz archive.',
    );
  });

  it("fails with AWS's download reason when the model data disappeared after CreateModel", async () => {
    await deployable("vanished", LINEAR_LEARNER_IMAGE, "vanishing.tar.gz");
    await t.s3().send(new DeleteObjectCommand({ Bucket: "artifacts", Key: "vanishing.tar.gz" }));
    await t.sagemaker().send(new CreateEndpointCommand({ EndpointName: "vanished", EndpointConfigName: "vanished" }));
    const d = await settle("vanished");
    expect(d.FailureReason).toBe(
      'Failed to download model data for container "container_1" from URL: "s3://artifacts/vanishing.tar.gz". Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object.',
    );
  });

  it("deletes a Failed endpoint: Deleting, then gone", async () => {
    await t.sagemaker().send(new DeleteEndpointCommand({ EndpointName: "vanished" }));
    expect((await describe_("vanished")).EndpointStatus).toBe("Deleting");
    const again = await failure(t.sagemaker().send(new DeleteEndpointCommand({ EndpointName: "vanished" })));
    expect(again.name).toBe("ValidationException");
    clock.advance(DELAY);
    const gone = await eventually(() =>
      describe_("vanished").then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    expect(gone.name).toBe("ValidationException");
    expect(gone.message).toBe(`Could not find endpoint "${ARN("endpoint", "vanished")}".`);
  });

  it("refuses duplicates, missing configurations and configurations whose model is gone", async () => {
    const sm = t.sagemaker();
    const dup = await failure(sm.send(new CreateEndpointCommand({ EndpointName: "slow", EndpointConfigName: "slow" })));
    expect(dup.message).toBe(`Cannot create already existing endpoint "${ARN("endpoint", "slow")}".`);
    const noConfig = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: "orphan", EndpointConfigName: "nothing" })),
    );
    expect(noConfig.message).toBe(`Could not find endpoint configuration "${ARN("endpoint-config", "nothing")}".`);
    await deployable("modelless", LINEAR_LEARNER_IMAGE, "valid.tar.gz");
    await sm.send(new DeleteModelCommand({ ModelName: "modelless" }));
    const noModel = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: "modelless", EndpointConfigName: "modelless" })),
    );
    expect(noModel.message).toBe(`Could not find model "${ARN("model", "modelless")}".`);
  });

  it("validates names and answers Could not find endpoint for Describe and Delete", async () => {
    const sm = t.sagemaker();
    const bad = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: "bad name", EndpointConfigName: undefined })),
    );
    expect(bad.message).toBe(
      "2 validation errors detected: Value 'bad name' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$; Value null at 'endpointConfigName' failed to satisfy constraint: Member must not be null",
    );
    for (const cmd of [
      new DescribeEndpointCommand({ EndpointName: "ghost" }),
      new DeleteEndpointCommand({ EndpointName: "ghost" }),
    ]) {
      const e = await failure(sm.send(cmd as DescribeEndpointCommand));
      expect(e.message).toBe(`Could not find endpoint "${ARN("endpoint", "ghost")}".`);
    }
  });

  it("lists endpoints filtered by status and name, sorted by status", async () => {
    const failed = await t
      .sagemaker()
      .send(new ListEndpointsCommand({ StatusEquals: "Failed", SortBy: "Name", SortOrder: "Ascending" }));
    expect(failed.Endpoints?.map((e) => e.EndpointName)).toEqual(["not-archive", "slow"]);
    expect(failed.Endpoints?.[0]).toMatchObject({
      EndpointArn: ARN("endpoint", "not-archive"),
      EndpointStatus: "Failed",
    });
    expect(failed.Endpoints?.[0]?.LastModifiedTime).toBeInstanceOf(Date);
    const bad = await failure(t.sagemaker().send(new ListEndpointsCommand({ StatusEquals: "Sleeping" as never })));
    expect(bad.message).toContain(
      "Member must satisfy enum value set: [OutOfService, Creating, Updating, SystemUpdating, RollingBack, InService, Deleting, Failed, UpdateRollbackFailed]",
    );
  });
});
