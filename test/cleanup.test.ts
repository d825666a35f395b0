import { CreateEndpointConfigCommand, CreateModelCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanup } from "../src/cleanup";
import { LOCAL_EMULATOR, makeClients, type Clients } from "../src/clients";
import { loadConfig, PROJECT_TAG } from "../src/config";
import { startEmulator } from "../src/emulator/server";

describe("cleanup", () => {
  let stateDir: string;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let clients: Clients;
  const config = { ...loadConfig("local"), profile: { ...loadConfig("local").profile, pollMs: 50 } };
  const image = config.images.linearLearner;

  beforeAll(async () => {
    process.env.GUARDRAILS_QUIET = "1";
    stateDir = mkdtempSync(join(tmpdir(), "guardrails-cleanup-"));
    emulator = await startEmulator({ port: 0, stateDir, credentials: [LOCAL_EMULATOR.credentials], provisioningDelayMs: 10 });
    clients = makeClients({ region: "us-east-1", endpoint: emulator.url, credentials: LOCAL_EMULATOR.credentials });
    await clients.s3.send(new CreateBucketCommand({ Bucket: "guardrails-test" }));
    await clients.s3.send(new PutObjectCommand({ Bucket: "guardrails-test", Key: "k/model.tar.gz", Body: readFileSync(join(__dirname, "..", "data", "005-model.tar.gz")) }));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("deletes what carries the project tag, leaves a same-named resource without it alone, and reports both", async () => {
    const model = (name: string, tagged: boolean) =>
      clients.sagemaker.send(
        new CreateModelCommand({
          ModelName: name,
          PrimaryContainer: { Image: image, ModelDataUrl: "s3://guardrails-test/k/model.tar.gz" },
          ExecutionRoleArn: config.roleArn,
          Tags: tagged ? [PROJECT_TAG] : [{ Key: "team", Value: "someone-else" }],
        }),
      );
    await model("weather-model-v1-1", true);
    await model("weather-model-v2-1", false);
    await clients.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "weather-config-v1-1",
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "weather-model-v1-1", InstanceType: "ml.m5.xlarge", InitialInstanceCount: 1 }],
        Tags: [PROJECT_TAG],
      }),
    );

    const { rows } = await cleanup(clients, config);

    const models = rows.find((r) => r.type === "Model");
    expect(models).toMatchObject({ expected: 9, found: 2, deleted: 1, notOwned: ["weather-model-v2-1"] });
    expect(rows.find((r) => r.type === "EndpointConfig")).toMatchObject({ found: 1, deleted: 1, confirmedGone: 9 });
    await expect(clients.sagemaker.send(new DescribeModelCommand({ ModelName: "weather-model-v2-1" }))).resolves.toBeDefined();
    await expect(clients.sagemaker.send(new DescribeModelCommand({ ModelName: "weather-model-v1-1" }))).rejects.toThrow(/Could not find model/);
  });
});
