import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../src/emulator/server";
import { cellText, readNotebook, type Notebook } from "../support/notebook";
import { HEADLESS_JUPYTER, ROOT, runNotebook } from "../support/run-notebook";
import { describeWithTools } from "../support/tools";

/**
 * The AWS target, rehearsed: the whole notebook with GUARDRAILS_TARGET=aws and
 * the fast profile in eu-west-1, every client configured only the standard
 * ways – AWS_ENDPOINT_URL, and credentials from a profile in the shared
 * config files – against an emulator that plays the AWS account.
 */
describeWithTools([HEADLESS_JUPYTER], "the notebook on the AWS target", () => {
  const region = "eu-west-1";
  const account = { accessKeyId: "AKIAREHEARSAL0000001", secretAccessKey: "rehearsal-secret-key" };
  const bucket = "rehearsal-guardrails-bucket";
  const role = "arn:aws:iam::000000000000:role/service-role/RehearsalSageMakerRole";
  let dir: string;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let nb: Notebook;
  let stdout: string;
  const untouchedStateDir = (): string => join(dir, "default-target-state");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "guardrails-aws-target-"));
    emulator = await startEmulator({ port: 0, stateDir: join(dir, "account"), region, credentials: [account] });
    const s3 = new S3Client({ region, endpoint: emulator.url, credentials: account, forcePathStyle: true });
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region } }),
    );
    writeFileSync(join(dir, "config"), `[profile rehearsal]\nregion = ${region}\n`);
    writeFileSync(
      join(dir, "credentials"),
      `[rehearsal]\naws_access_key_id = ${account.accessKeyId}\naws_secret_access_key = ${account.secretAccessKey}\n`,
    );
    const run = await runNotebook(join(ROOT, "notebooks", "guardrails.ipynb"), {
      extra: {
        GUARDRAILS_TARGET: "aws",
        GUARDRAILS_PROFILE: "fast",
        GUARDRAILS_ROLE_ARN: role,
        GUARDRAILS_BUCKET: bucket,
        GUARDRAILS_STATE_DIR: untouchedStateDir(),
        AWS_REGION: region,
        AWS_ENDPOINT_URL: emulator.url,
        AWS_PROFILE: "rehearsal",
        AWS_CONFIG_FILE: join(dir, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
      },
    });
    stdout = run.stdout;
    nb = readNotebook(join(run.outDir, "guardrails.ipynb"));
    rmSync(run.outDir, { recursive: true, force: true });
  }, 1_200_000);
  afterAll(async () => {
    await emulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs every task to the same verdicts as locally", () => {
    const text = nb.cells.map(cellText).join("\n");
    expect(text).toContain(`Target: aws (aws), region ${region}, endpoint weather-prediction-endpoint`);
    expect(text).toContain("✅ PROMOTED: weather-config-v2-1 is serving.");
    expect(text).toContain("↩️ ROLLED BACK: requested weather-config-v2-2, but weather-config-v2-1 is attached.");
    expect(text).toContain("✅ PROMOTED: weather-config-v2-3 is serving.");
    for (const k of [1, 2, 3])
      expect(text).toContain(`weather-config-shadow-${k}: 877 requests, 0 production errors seen by the caller.`);
    expect(text).toMatch(/Model\s+9\s+9\s+9\s+9/);
  });

  it("uses eu-west-1's algorithm images, the test's role and bucket, and ARNs of eu-west-1", () => {
    const text = nb.cells.map(cellText).join("\n");
    expect(text).toContain("438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1");
    expect(text).toContain("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.2-1");
    expect(text).not.toContain("us-east-1");
    expect(text).toContain(role);
    expect(text).toContain(`s3://${bucket}/`);
    expect(text).toContain("arn:aws:sagemaker:eu-west-1:000000000000:model/weather-model-v1-1");
  });

  it("starts no emulator and writes nothing to the local target's state dir", () => {
    expect(stdout).not.toContain("Emulator:");
    expect(existsSync(untouchedStateDir())).toBe(false);
  });
});
