import { CreateModelCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_EMULATOR, makeClients } from "../../src/aws/clients";
import { PROJECT_TAG } from "../../src/aws/config";
import { startEmulator } from "../../src/emulator/server";
import { cellsOf, readNotebook } from "../support/notebook";
import { composedDir, GUARDRAILS, outputText, writeComposed } from "../support/composed";
import { HEADLESS_JUPYTER, ROOT, runNotebook } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

describeWithTools([HEADLESS_JUPYTER], "a headless run (npm start)", () => {
  const folder = composedDir();
  afterAll(() => folder.remove());

  it("uses an emulator of its own and leaves the resources of the one on the default port alone", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "guardrails-ui-emulator-"));
    // Stands for the emulator a notebook open in the UI started on the port its kernel looks at.
    const other = await startEmulator({ port: 0, stateDir, credentials: [LOCAL_EMULATOR.credentials] });
    try {
      const clients = makeClients({
        region: other.region,
        endpoint: other.url,
        credentials: LOCAL_EMULATOR.credentials,
      });
      await clients.s3.send(new CreateBucketCommand({ Bucket: "ui-bucket" }));
      await clients.s3.send(
        new PutObjectCommand({
          Bucket: "ui-bucket",
          Key: "m.tar.gz",
          Body: readFileSync(join(ROOT, "data", "005-model.tar.gz")),
        }),
      );
      await clients.sagemaker.send(
        new CreateModelCommand({
          ModelName: "weather-model-v1-1",
          PrimaryContainer: {
            Image: "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1",
            ModelDataUrl: "s3://ui-bucket/m.tar.gz",
          },
          ExecutionRoleArn: "arn:aws:iam::000000000000:role/r",
          Tags: [PROJECT_TAG],
        }),
      );
      const path = writeComposed(folder.dir, "cleanup-only", cellsOf(GUARDRAILS, ["task-0", "task-4"]));
      const run = await runNotebook(path, { extra: { GUARDRAILS_EMULATOR_PORT: new URL(other.url).port } });
      expect(run.stdout).toMatch(
        /Emulator: started this run's own at http:\/\/127\.0\.0\.1:\d+ \(state in .*, removed afterwards\)\./,
      );
      expect(run.stdout).not.toContain(other.url);
      expect(outputText(readNotebook(join(run.outDir, "cleanup-only.ipynb")))).toContain(
        "🗑️ Model weather-model-v1-1: already absent, confirmed gone.",
      );
      await expect(
        clients.sagemaker.send(new DescribeModelCommand({ ModelName: "weather-model-v1-1" })),
      ).resolves.toMatchObject({ ModelName: "weather-model-v1-1" });
      rmSync(run.outDir, { recursive: true, force: true });
    } finally {
      await other.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 300_000);
});
