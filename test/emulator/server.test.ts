import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { GetBucketAclCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { DescribeEndpointCommand, ListModelsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { Logger, RequestLog } from "../../src/emulator/log";
import { LOCAL_KEYS, failure, startTestEmulator, tempStateDir, type TestEmulator } from "../../support/emulator";

const entries: RequestLog[] = [];
const logged: string[] = [];
const logger: Logger = {
  request: (e) => {
    entries.push(e);
    logged.push(JSON.stringify(e));
  },
  info: (message, fields) => logged.push(JSON.stringify({ message, ...fields })),
};

let t: TestEmulator;
const parent = tempStateDir();
const stateDir = join(parent, "nested", "state");
beforeAll(async () => {
  t = await startTestEmulator({ logger, stateDir });
});
afterAll(async () => {
  await t.stop();
  rmSync(parent, { recursive: true, force: true });
});

describe("emulator server", () => {
  it("listens on 127.0.0.1 and reports its URL, region and key pair", () => {
    expect(t.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.emulator.region).toBe("us-east-1");
    expect(t.emulator.credentials).toEqual([LOCAL_KEYS]);
  });

  it("creates the state directory owner-only", () => {
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
  });

  it("logs every request with operation, resource, outcome and latency, and never a secret", async () => {
    entries.length = 0;
    await t.sagemaker().send(new ListModelsCommand({}));
    expect((await failure(t.sagemaker().send(new DescribeEndpointCommand({ EndpointName: "absent" })))).name).toBe(
      "ValidationException",
    );
    expect(
      (await failure(t.sagemaker({ ...LOCAL_KEYS, secretAccessKey: "wrong" }).send(new ListModelsCommand({})))).name,
    ).toBe("InvalidSignatureException");
    await t.s3().send(new ListBucketsCommand({}));
    expect(
      entries.map(({ service, operation, resource, status, outcome }) => ({
        service,
        operation,
        resource,
        status,
        outcome,
      })),
    ).toEqual([
      { service: "sagemaker", operation: "ListModels", resource: undefined, status: 200, outcome: "ok" },
      {
        service: "sagemaker",
        operation: "DescribeEndpoint",
        resource: "absent",
        status: 400,
        outcome: "ValidationException",
      },
      {
        service: "sagemaker",
        operation: "Authenticate",
        resource: undefined,
        status: 403,
        outcome: "InvalidSignatureException",
      },
      { service: "s3", operation: "ListBuckets", resource: undefined, status: 200, outcome: "ok" },
    ]);
    for (const e of entries) expect(e.latencyMs).toBeGreaterThanOrEqual(0);
    for (const line of logged) {
      expect(line).not.toContain(LOCAL_KEYS.secretAccessKey);
      expect(line).not.toContain("wrong");
      expect(line).not.toContain("Signature=");
    }
  });

  it("answers an operation it does not implement as AWS does: UnknownOperationException, S3 NotImplemented", async () => {
    const client = new SageMakerClient({ endpoint: t.emulator.url, region: "us-east-1", credentials: LOCAL_KEYS });
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-amz-target"] = "SageMaker.CreateTrainingJob";
        return next(args);
      },
      { step: "build" },
    );
    const unknown = await failure(client.send(new ListModelsCommand({})));
    expect(unknown.name).toBe("UnknownOperationException");
    const acl = await failure(t.s3().send(new GetBucketAclCommand({ Bucket: "any" })));
    expect(acl.name).toBe("NotImplemented");
    expect(acl.$metadata.httpStatusCode).toBe(501);
  });
});
