/**
 * Your own inference server through the emulator's CLI, as the README runs it: `npm run emulator`
 * with `--containers-file`, the model data uploaded with Debian's AWS CLI, the endpoint created
 * and invoked with it; SIGTERM to the emulator ends the servers with it. A mapping the CLI cannot
 * read stops it with one line and the usage.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import {
  ROLE,
  ROOT,
  ROWS,
  eventually,
  startEmulatorProcess,
  tarGz,
  type EmulatorProcess,
} from "../../../support/emulator";
import { processesWith } from "../../../support/processes";
import { describeWithTools } from "../../support/tools";
import { AWS_CLI, aws, awsJson } from "./tools";

const SERVER_IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/my-server:1";
const work = mkdtempSync(join(tmpdir(), "own-container-cli-"));
const stateDir = join(work, "state");
let emulator: EmulatorProcess | undefined;
// Each AWS CLI run is a Python process that takes seconds to start when the suite keeps both cores busy.
vi.setConfig({ testTimeout: 240_000 });

afterAll(async () => {
  await emulator?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
});

describeWithTools([AWS_CLI], "your own inference server, mapped on the emulator's command line", () => {
  it("serves an endpoint through the AWS CLI, and ends with the emulator on SIGTERM", async () => {
    const containers = join(work, "containers.json");
    const server = join(ROOT, "examples", "byoc", "server.py");
    writeFileSync(containers, JSON.stringify({ [SERVER_IMAGE]: ["/usr/bin/python3", server] }));
    emulator = await startEmulatorProcess(stateDir, ["--containers-file", containers]);
    const url = emulator.url;
    const weights = Array.from({ length: 15 }, (_, i) => (i % 3) - 1);
    writeFileSync(join(work, "my-server.tar.gz"), tarGz({ "model.json": JSON.stringify({ weights, bias: 0.25 }) }));
    writeFileSync(join(work, "rows.csv"), ROWS.slice(0, 2).join("\n"));
    expect((await aws(url, ["s3", "mb", "s3://my-models"])).code).toBe(0);
    expect((await aws(url, ["s3", "cp", join(work, "my-server.tar.gz"), "s3://my-models/"])).code).toBe(0);
    await awsJson(url, [
      "sagemaker",
      "create-model",
      "--model-name",
      "my-server",
      "--execution-role-arn",
      ROLE,
      "--primary-container",
      JSON.stringify({
        Image: SERVER_IMAGE,
        ModelDataUrl: "s3://my-models/my-server.tar.gz",
        Environment: { MARK: "cli-server" },
      }),
    ]);
    await awsJson(url, [
      "sagemaker",
      "create-endpoint-config",
      "--endpoint-config-name",
      "my-server",
      "--production-variants",
      "VariantName=AllTraffic,ModelName=my-server,InitialInstanceCount=2,InstanceType=ml.m5.large",
    ]);
    await awsJson(url, [
      "sagemaker",
      "create-endpoint",
      "--endpoint-name",
      "my-endpoint",
      "--endpoint-config-name",
      "my-server",
    ]);
    const status = await eventually(async () => {
      const d = await emulator!.sagemaker().send(new DescribeEndpointCommand({ EndpointName: "my-endpoint" }));
      return d.EndpointStatus === "Creating" ? undefined : d.EndpointStatus;
    }, 60_000);
    expect(status).toBe("InService");
    expect(processesWith("MARK", "cli-server")).toHaveLength(2);

    const out = join(work, "out.json");
    const invoked = await aws(url, [
      "sagemaker-runtime",
      "invoke-endpoint",
      "--endpoint-name",
      "my-endpoint",
      "--content-type",
      "text/csv",
      "--body",
      `fileb://${join(work, "rows.csv")}`,
      out,
    ]);
    expect(invoked.code).toBe(0);
    const answer = JSON.parse(readFileSync(out, "utf8")) as { predictions: { score: number }[] };
    expect(answer.predictions).toHaveLength(2);

    await emulator.kill("SIGTERM");
    emulator = undefined;
    expect(processesWith("MARK", "cli-server")).toEqual([]);
  });
});

describe("a mapping the emulator's CLI cannot read", () => {
  it.each([
    [["--container", "no-command-here"], "emulator: --container no-command-here: write IMAGE=PROGRAM [ARGUMENTS…]."],
    [["--containers-file", "/nonexistent/containers.json"], "emulator: /nonexistent/containers.json: ENOENT"],
  ])("stops it with one line and the usage (%j)", (args, line) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/emulator/cli.ts", "--port", "0", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(line);
    expect(run.stderr).toContain("Usage: npm run emulator -- [options]");
  });
});
