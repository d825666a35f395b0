/**
 * What no caller sees is logged: a container that crashes without answering (the caller only gets
 * AWS's ModelError) and a container that does not start (the endpoint's FailureReason only names
 * the ping health check), each with the error the emulator caught.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { builtInContainers } from "../../../../src/emulator/containers";
import type { ContainerFactory } from "../../../../src/emulator/containers/container";
import type { Logger } from "../../../../src/emulator/log";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  createEndpointOn,
  eventually,
  failure,
  startTestEmulator,
  type TestEmulator,
} from "../../../../support/emulator";

const artifact = readFileSync(join(DATA, "005-model.tar.gz"));
const logged: Record<string, unknown>[] = [];
const logger: Logger = { request: () => {}, info: (msg, fields) => void logged.push({ msg, ...fields }) };

/** The built-in container, except for the artifacts named crash (goes away on each request) and broken (cannot start). */
const containers: ContainerFactory = (algorithm, body, source, image) => {
  if (source.includes("crash"))
    return { ping: () => true, invoke: () => Promise.reject(new Error("container exited (signal 9)")) };
  if (source.includes("broken")) throw new Error("out of memory loading the model");
  return builtInContainers(algorithm, body, source, image);
};

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ logger, containers });
  await t.s3().send(new CreateBucketCommand({ Bucket: "models" }));
  for (const name of ["crash", "broken"]) {
    await t.s3().send(new PutObjectCommand({ Bucket: "models", Key: `${name}.tar.gz`, Body: artifact }));
    await createEndpointOn(t.sagemaker(), name, LINEAR_LEARNER_IMAGE, `s3://models/${name}.tar.gz`);
  }
});

afterAll(() => t.stop());

const settled = (EndpointName: string) =>
  eventually(async () => {
    const d = await t.sagemaker().send(new DescribeEndpointCommand({ EndpointName }));
    return d.EndpointStatus === "Creating" ? undefined : d;
  });

describe("errors no caller sees", () => {
  it("logs a container's crash, which the caller gets as ModelError", async () => {
    expect((await settled("crash")).EndpointStatus).toBe("InService");
    const error = await failure(
      t
        .runtime()
        .send(new InvokeEndpointCommand({ EndpointName: "crash", Body: Buffer.from("1,2"), ContentType: "text/csv" })),
    );
    expect(error).toBeInstanceOf(ModelError);
    expect(logged).toContainEqual({
      msg: "container crashed without answering",
      endpoint: "crash",
      variant: "AllTraffic",
      error: "container exited (signal 9)",
    });
  });

  it("logs why a container did not start, which FailureReason only points to", async () => {
    const d = await settled("broken");
    expect(d).toMatchObject({
      EndpointStatus: "Failed",
      FailureReason:
        "The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.",
    });
    expect(logged).toContainEqual({
      msg: "container did not start",
      variant: "AllTraffic",
      modelDataUrl: "s3://models/broken.tar.gz",
      error: "out of memory loading the model",
    });
  });
});
