/**
 * Limits before work, against the CLI emulator (a process, so a limit that
 * does not hold takes down the child, not the test): endpoint instance quotas answered with
 * ResourceLimitExceeded before anything launches, a gzip bomb as model data refused without
 * inflating it into memory, and unauthenticated bodies refused from their head, before the bytes
 * are read.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  UpdateEndpointCommand,
  type ProductionVariant,
} from "@aws-sdk/client-sagemaker";
import { found } from "../../support/emulator";
import { startCli, type CliEmulator } from "./support/cli";
import { LINEAR_LEARNER_IMAGE, MODEL_DATA_URL, ROLE, uploadArtifact, waitForEndpoint } from "./support/fixtures";
import { report } from "./support/summary";
import { sendBytes, type RawRequest } from "./support/wire";

let dir: string;
let e: CliEmulator;
const tally = {
  quotaRefused: 0,
  bodiesRefused: 0,
  bombs: 0,
  bombPeakRssMb: 0,
  baselineRssMb: 0,
  notebookShapeAccepted: 0,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reliability-limits-"));
  e = await startCli(dir, ["--provisioning-delay-ms", "50"]);
  await uploadArtifact(e.s3);
  await e.sagemaker.send(
    new CreateModelCommand({
      ModelName: "m",
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: MODEL_DATA_URL },
    }),
  );
});

afterAll(async () => {
  await e?.stop();
  rmSync(dir, { recursive: true, force: true });
  report({
    order: 8,
    title: "Limits before work",
    figures: {
      "requests refused for limits": tally.quotaRefused + tally.bodiesRefused + tally.bombs,
      "  ResourceLimitExceeded (instance quotas)": tally.quotaRefused,
      "  unauthenticated bodies refused from their head": tally.bodiesRefused,
      "  gzip bombs refused as model data": tally.bombs,
      "notebook-shaped deployments accepted (3 × ml.m5.xlarge + shadow, blue/green)": tally.notebookShapeAccepted,
      "emulator peak RSS before the bomb (MB)": tally.baselineRssMb,
      "emulator peak RSS after the bomb (MB)": tally.bombPeakRssMb,
    },
  });
});

const variant = (
  VariantName: string,
  InitialInstanceCount: number,
  InstanceType: ProductionVariant["InstanceType"] = "ml.m5.xlarge",
): ProductionVariant => ({ VariantName, ModelName: "m", InitialInstanceCount, InstanceType });
const config = (
  EndpointConfigName: string,
  ProductionVariants: ProductionVariant[],
  ShadowProductionVariants?: ProductionVariant[],
) =>
  e.sagemaker.send(
    new CreateEndpointConfigCommand({ EndpointConfigName, ProductionVariants, ShadowProductionVariants }),
  );
const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ name: "none", message: "" }),
    (err: Error) => ({ name: err.name, message: err.message }),
  );
const exists = (name: string) => found(e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })));

/** Peak resident memory of the emulator process (VmHWM), in MB. */
function peakRssMb(): number {
  const status = readFileSync(`/proc/${e.pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024);
}

describe("endpoint instance quotas", () => {
  it("refuses InitialInstanceCount 1e8 with ResourceLimitExceeded before anything launches", async () => {
    await config("huge", [variant("AllTraffic", 1e8)]);
    const refused = await failure(
      e.sagemaker.send(new CreateEndpointCommand({ EndpointName: "huge", EndpointConfigName: "huge" })),
    );
    expect(refused.name).toBe("ResourceLimitExceeded");
    expect(refused.message).toMatch(
      /^The account-level service limit 'ml\.m5\.xlarge for endpoint usage' is \d+ Instances, with current utilization of 0 Instances and a request delta of 100000000 Instances\. /,
    );
    tally.quotaRefused++;
    expect(await exists("huge")).toBe(false);
  });

  it("allows the notebook's shape (3 instances, a shadow, a blue/green update) and refuses an update past the quota, leaving the endpoint serving", async () => {
    await config("nb-v1", [variant("AllTraffic", 3)], [variant("Shadow", 3)]);
    await config("nb-v2", [variant("AllTraffic", 3)]);
    await e.sagemaker.send(new CreateEndpointCommand({ EndpointName: "nb", EndpointConfigName: "nb-v1" }));
    expect(await waitForEndpoint(e.sagemaker, "nb")).toBe("InService");
    await e.sagemaker.send(new UpdateEndpointCommand({ EndpointName: "nb", EndpointConfigName: "nb-v2" }));
    expect(await waitForEndpoint(e.sagemaker, "nb")).toBe("InService");
    tally.notebookShapeAccepted++;
    await config("across", [
      variant("A", 40, "ml.m5.large"),
      variant("B", 40, "ml.c5.large"),
      variant("C", 40, "ml.t2.medium"),
    ]);
    const refused = await failure(
      e.sagemaker.send(new UpdateEndpointCommand({ EndpointName: "nb", EndpointConfigName: "across" })),
    );
    expect(refused.name).toBe("ResourceLimitExceeded");
    expect(refused.message).toMatch(
      /^The account-level service limit 'Number of instances across active endpoints' is \d+ Instances, with current utilization of 3 Instances and a request delta of 120 Instances\./,
    );
    tally.quotaRefused++;
    const d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "nb" }));
    expect([d.EndpointStatus, d.EndpointConfigName]).toEqual(["InService", "nb-v2"]);
  });
});

describe("a gzip bomb as model data", () => {
  it("fails the endpoint as an archive it cannot extract, without inflating the bomb into memory", async () => {
    // 20 gzip members of 64 MiB of zeros: 1.3 MB that inflate to 1.25 GiB, past the readers' 1 GiB cap.
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 20 }, () => member));
    await e.s3.send(new CreateBucketCommand({ Bucket: "bombs" }));
    await e.s3.send(new PutObjectCommand({ Bucket: "bombs", Key: "model.tar.gz", Body: bomb }));
    await e.sagemaker.send(
      new CreateModelCommand({
        ModelName: "bomb",
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://bombs/model.tar.gz" },
      }),
    );
    await e.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "bomb",
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: "bomb", InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
        ],
      }),
    );
    tally.baselineRssMb = peakRssMb();
    await e.sagemaker.send(new CreateEndpointCommand({ EndpointName: "bomb", EndpointConfigName: "bomb" }));
    // Inflating up to the cap takes seconds on a worker thread: poll patiently (bounded).
    let d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "bomb" }));
    for (let i = 0; i < 1200 && d.EndpointStatus === "Creating"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      d = await e.sagemaker.send(new DescribeEndpointCommand({ EndpointName: "bomb" }));
    }
    expect(d.EndpointStatus).toBe("Failed");
    expect(d.FailureReason).toMatch(
      /^Failed to extract model data archive for container "container_1" from URL "s3:\/\/bombs\/model\.tar\.gz"\./,
    );
    tally.bombs++;
    tally.bombPeakRssMb = peakRssMb();
    // Inflating the bomb would take the peak past 1.25 GiB; streaming it keeps the peak where it was.
    expect(tally.bombPeakRssMb).toBeLessThan(tally.baselineRssMb + 256);
  });
});

describe("unauthenticated request bodies", () => {
  /** The head of `r` as signed with a wrong secret, announcing `length` body bytes, followed by `sent` of them. */
  async function headThenPart(r: RawRequest, length: number, sent: number): Promise<string> {
    const p = await e.wire.prepare({ ...r, signing: { kind: "wrongSecret" } });
    const headers = Object.entries({ ...p.headers, "content-length": String(length) })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    const answer = await sendBytes(
      Number(new URL(e.url).port),
      Buffer.concat([Buffer.from(`${p.method} ${p.target} HTTP/1.1\r\n${headers}\r\n`), Buffer.alloc(sent)]),
      1000,
    );
    return answer.toString("latin1");
  }

  it("refuses a badly signed 400 MiB S3 PUT from its head, without waiting for (or holding) the body", async () => {
    const answer = await headThenPart(
      { service: "s3", method: "PUT", path: "/bombs/big", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } },
      400 * 1024 * 1024,
      1024 * 1024,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).toContain("<Code>SignatureDoesNotMatch</Code>");
    tally.bodiesRefused++;
  });

  it("refuses a 100 MiB JSON request (its signature covers the body) before reading it", async () => {
    const answer = await headThenPart(
      { service: "sagemaker", headers: { "x-amz-target": "SageMaker.ListModels" } },
      100 * 1024 * 1024,
      1024 * 1024,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("EntityTooLarge");
    tally.bodiesRefused++;
  });
});
