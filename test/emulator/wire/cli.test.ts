/**
 * The real wire protocols, spoken by Debian's AWS CLI (v2.9, its own botocore): S3 uploads and
 * listings, SageMaker JSON 1.1, Runtime restJson and CloudWatch's query protocol.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../../src/emulator/clock";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROLE,
  TEST_PROVISIONING_DELAY_MS,
  eventually,
  publishInvocationMetrics,
  startTestEmulator,
  type TestEmulator,
} from "../../../support/emulator";
import { describeWithTools } from "../../support/tools";
import { AWS_CLI, aws, awsJson, toolEnv } from "./tools";

let t: TestEmulator;
let url: string;
// A manual clock (at the wall clock's time), so the invocation metrics' publication is walked, not waited for.
const clock = new ManualClock(Date.now());
const work = mkdtempSync(join(tmpdir(), "emulator-cli-"));
// A test runs the CLI up to ten times, each a Python process that takes seconds to start when the suite
// keeps both cores busy: the limit is the suite's patience, not a speed target.
vi.setConfig({ testTimeout: 240_000 });

beforeAll(async () => {
  t = await startTestEmulator({ clock });
  url = t.emulator.url;
});
afterAll(() => t.stop());

describeWithTools([AWS_CLI], "AWS CLI against the emulator", () => {
  it("uploads, lists, downloads and removes S3 objects", async () => {
    expect((await aws(url, ["s3", "mb", "s3://cli-bucket"])).code).toBe(0);
    const file = join(work, "payload.csv");
    writeFileSync(file, "a,b,c\n1,2,3\n");
    expect((await aws(url, ["s3", "cp", file, "s3://cli-bucket/data/payload.csv"])).code).toBe(0);
    expect(
      (await aws(url, ["s3", "cp", join(DATA, "005-model.tar.gz"), "s3://cli-bucket/models/005-model.tar.gz"])).code,
    ).toBe(0);
    const ls = await aws(url, ["s3", "ls", "s3://cli-bucket/", "--recursive"]);
    expect(ls.stdout).toContain("data/payload.csv");
    expect(ls.stdout).toContain("models/005-model.tar.gz");
    const listed = await awsJson<{ CommonPrefixes: { Prefix: string }[] }>(url, [
      "s3api",
      "list-objects-v2",
      "--bucket",
      "cli-bucket",
      "--delimiter",
      "/",
    ]);
    expect(listed.CommonPrefixes.map((p) => p.Prefix)).toEqual(["data/", "models/"]);
    const back = join(work, "back.tar.gz");
    expect((await aws(url, ["s3", "cp", "s3://cli-bucket/models/005-model.tar.gz", back])).code).toBe(0);
    expect(readFileSync(back).equals(readFileSync(join(DATA, "005-model.tar.gz")))).toBe(true);
    const head = await awsJson<{ ContentLength: number }>(url, [
      "s3api",
      "head-object",
      "--bucket",
      "cli-bucket",
      "--key",
      "data/payload.csv",
    ]);
    expect(head.ContentLength).toBe(12);
    expect((await aws(url, ["s3", "rm", "s3://cli-bucket/data/payload.csv"])).code).toBe(0);
    const missing = await aws(url, [
      "s3api",
      "get-object",
      "--bucket",
      "cli-bucket",
      "--key",
      "data/payload.csv",
      join(work, "x"),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("NoSuchKey");
  });

  it("creates a model, config and endpoint, and invokes it", async () => {
    await awsJson(url, [
      "sagemaker",
      "create-model",
      "--model-name",
      "cli-model",
      "--execution-role-arn",
      ROLE,
      "--primary-container",
      `Image=${LINEAR_LEARNER_IMAGE},ModelDataUrl=s3://cli-bucket/models/005-model.tar.gz`,
    ]);
    const described = await awsJson<{ ModelArn: string; CreationTime: string }>(url, [
      "sagemaker",
      "describe-model",
      "--model-name",
      "cli-model",
    ]);
    expect(described.ModelArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:model/cli-model");
    await awsJson(url, [
      "sagemaker",
      "create-endpoint-config",
      "--endpoint-config-name",
      "cli-config",
      "--production-variants",
      "VariantName=AllTraffic,ModelName=cli-model,InitialInstanceCount=1,InstanceType=ml.m5.large",
    ]);
    await awsJson(url, [
      "sagemaker",
      "create-endpoint",
      "--endpoint-name",
      "cli-endpoint",
      "--endpoint-config-name",
      "cli-config",
    ]);
    await eventually(async () => {
      clock.advance(TEST_PROVISIONING_DELAY_MS);
      const d = await awsJson<{ EndpointStatus: string }>(url, [
        "sagemaker",
        "describe-endpoint",
        "--endpoint-name",
        "cli-endpoint",
      ]);
      return d.EndpointStatus === "InService" ? d : undefined;
    }, 20_000);
    const body = join(work, "rows.csv");
    writeFileSync(
      body,
      readFileSync(join(DATA, "test_linear_input_cols.csv"), "utf8").split("\n").slice(0, 3).join("\n"),
    );
    const out = join(work, "out.json");
    const invoked = await awsJson<{ InvokedProductionVariant: string }>(url, [
      "sagemaker-runtime",
      "invoke-endpoint",
      "--endpoint-name",
      "cli-endpoint",
      "--content-type",
      "text/csv",
      "--body",
      `fileb://${body}`,
      out,
    ]);
    expect(invoked.InvokedProductionVariant).toBe("AllTraffic");
    expect((JSON.parse(readFileSync(out, "utf8")) as { predictions: unknown[] }).predictions).toHaveLength(3);
  });

  it("reports SageMaker errors with AWS's codes and messages", async () => {
    const missing = await aws(url, ["sagemaker", "describe-endpoint", "--endpoint-name", "nope"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(
      'An error occurred (ValidationException) when calling the DescribeEndpoint operation: Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/nope".',
    );
  });

  it("puts and reads CloudWatch metrics over the query protocol", async () => {
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);
    const dims = "Name=EndpointName,Value=cli-endpoint";
    expect(
      (
        await aws(url, [
          "cloudwatch",
          "put-metric-data",
          "--namespace",
          "Test/Cli",
          "--metric-name",
          "Hits",
          "--dimensions",
          "EndpointName=cli-endpoint",
          "--value",
          "3",
          "--timestamp",
          minute.toISOString(),
        ])
      ).code,
    ).toBe(0);
    const stats = await awsJson<{ Datapoints: { Sum: number; Timestamp: string }[] }>(url, [
      "cloudwatch",
      "get-metric-statistics",
      "--namespace",
      "Test/Cli",
      "--metric-name",
      "Hits",
      "--dimensions",
      dims,
      "--start-time",
      new Date(minute.getTime() - 60_000).toISOString(),
      "--end-time",
      new Date(minute.getTime() + 60_000).toISOString(),
      "--period",
      "60",
      "--statistics",
      "Sum",
    ]);
    expect(stats.Datapoints.map((d) => [d.Sum, new Date(d.Timestamp).getTime()])).toEqual([[3, minute.getTime()]]);
    publishInvocationMetrics(clock);
    const invocations = await awsJson<{ MetricDataResults: { Id: string; Values: number[] }[] }>(url, [
      "cloudwatch",
      "get-metric-data",
      "--start-time",
      new Date(Date.now() - 600_000).toISOString(),
      "--end-time",
      new Date(Date.now() + 60_000).toISOString(),
      "--metric-data-queries",
      JSON.stringify([
        {
          Id: "inv",
          MetricStat: {
            Metric: {
              Namespace: "AWS/SageMaker",
              MetricName: "Invocations",
              Dimensions: [
                { Name: "EndpointName", Value: "cli-endpoint" },
                { Name: "VariantName", Value: "AllTraffic" },
              ],
            },
            Period: 3600,
            Stat: "Sum",
          },
        },
      ]),
    ]);
    expect(invocations.MetricDataResults.map((r) => [r.Id, r.Values])).toEqual([["inv", [1]]]);
    const listed = await awsJson<{ Metrics: { MetricName: string }[] }>(url, [
      "cloudwatch",
      "list-metrics",
      "--namespace",
      "AWS/SageMaker",
      "--dimensions",
      dims,
    ]);
    expect(listed.Metrics.map((m) => m.MetricName)).toContain("ModelLatency");
    const bad = await aws(url, [
      "cloudwatch",
      "get-metric-statistics",
      "--namespace",
      "Test/Cli",
      "--metric-name",
      "Hits",
      "--start-time",
      minute.toISOString(),
      "--end-time",
      minute.toISOString(),
      "--period",
      "60",
      "--statistics",
      "Sum",
    ]);
    expect(bad.stderr).toContain(
      "An error occurred (InvalidParameterValue) when calling the GetMetricStatistics operation: The parameter StartTime must be less than the parameter EndTime.",
    );
  });

  it("is refused with a wrong secret", async () => {
    const result = await aws(url, ["sagemaker", "list-models"], { ...toolEnv(), AWS_SECRET_ACCESS_KEY: "wrong" });
    expect(result.stderr).toContain("InvalidSignatureException");
  });
});
