/**
 * Rehearse your own model, as the README does: from an endpoint on the linear-learner model, a
 * guarded canary to a model on the XGBoost image from an artifact in XGBoost's binary format
 * (trained here by Debian's XGBoost), then to the example inference server (examples/byoc/server.py,
 * Python's standard library) mapped to an image URI, both promoted; then to the server's faulty
 * twin – the same server and model data with LOG_FEATURES=0 in the model's Environment, which
 * answers 500 on rows whose first feature is not positive – rolled back by the 5XX alarm. The
 * same model saved as UBJSON loads on the 1.7-1 image and not on the 1.5-1 image (XGBoost 1.5).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateModelCommand, UpdateEndpointCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { ROLE, ROOT, ROWS, tarGz } from "../../../support/emulator";
import { canaryConfig, variantAlarm } from "../../../support/deployment-config";
import { processesGone, processesWith } from "../../../support/processes";
import { createConfig, createEndpoint, startFixture, walk, type DeploymentFixture } from "./fixture";

const XGBOOST_1_7 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
const XGBOOST_1_5 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.5-1";
const SERVER_IMAGE = "111122223333.dkr.ecr.us-east-1.amazonaws.com/my-server:1";
const MODEL_JSON = JSON.stringify({ weights: Array.from({ length: 15 }, (_, i) => (i % 3) - 1), bias: 0.25 });
/** One row the faulty twin can score and one it cannot (its first feature is negative). */
const POSITIVE_FIRST = ROWS.find((r) => !r.startsWith("-") && !r.startsWith("0,"))!;
const NEGATIVE_FIRST = ROWS.find((r) => r.startsWith("-"))!;
const TWO_ROWS = `${POSITIVE_FIRST}\n${NEGATIVE_FIRST}`;

/** Trains a small binary classifier on the training rows and saves it in XGBoost's binary format. */
const TRAIN = String.raw`
import json, sys
import numpy as np
import xgboost as xgb

data, rows, out = sys.argv[1], sys.argv[2], sys.argv[3]
train = np.loadtxt(data, delimiter=",")
booster = xgb.train({"objective": "binary:logistic", "max_depth": 3, "eta": 0.3},
                     xgb.DMatrix(train[:, 1:], label=(train[:, 0] == 4).astype(int)), num_boost_round=10)
booster.save_model(out + "/xgboost-model.bin")
booster.save_model(out + "/xgboost-model.ubj")
test = np.loadtxt(rows, delimiter=",", ndmin=2)
json.dump(booster.predict(xgb.DMatrix(test)).tolist(), open(out + "/predictions.json", "w"))
`;

let f: DeploymentFixture;
let xgboostPredictions: number[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "own-model-"));
  try {
    const rows = join(dir, "rows.csv");
    writeFileSync(rows, TWO_ROWS);
    const run = spawnSync("/usr/bin/python3", ["-c", TRAIN, join(ROOT, "data", "train_linear.csv"), rows, dir], {
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`training with Debian's python3-xgboost failed: ${run.stderr}`);
    xgboostPredictions = JSON.parse(readFileSync(join(dir, "predictions.json"), "utf8")) as number[];
    f = await startFixture({
      imageCommands: new Map([
        [SERVER_IMAGE, { argv: ["/usr/bin/python3", join(ROOT, "examples", "byoc", "server.py")] }],
      ]),
    });
    const put = (Key: string, Body: Buffer) => f.t.s3().send(new PutObjectCommand({ Bucket: "models", Key, Body }));
    await put("xgboost-binary.tar.gz", tarGz({ "xgboost-model": readFileSync(join(dir, "xgboost-model.bin")) }));
    await put("xgboost-ubjson.tar.gz", tarGz({ "xgboost-model": readFileSync(join(dir, "xgboost-model.ubj")) }));
    await put("my-server.tar.gz", tarGz({ "model.json": MODEL_JSON }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const models = [
    ["xgboost-binary", XGBOOST_1_7, "xgboost-binary.tar.gz", {}],
    ["xgboost-ubjson-1-7", XGBOOST_1_7, "xgboost-ubjson.tar.gz", {}],
    ["xgboost-ubjson-1-5", XGBOOST_1_5, "xgboost-ubjson.tar.gz", {}],
    ["my-server", SERVER_IMAGE, "my-server.tar.gz", { MARK: "my-server" }],
    ["my-server-faulty", SERVER_IMAGE, "my-server.tar.gz", { MARK: "my-server-faulty", LOG_FEATURES: "0" }],
  ] as const;
  for (const [ModelName, Image, key, Environment] of models) {
    await f.t.sagemaker().send(
      new CreateModelCommand({
        ModelName,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image, ModelDataUrl: `s3://models/${key}`, Environment },
      }),
    );
    await createConfig(f.t, ModelName, ModelName);
  }
  await createEndpoint(f, "own-model", "v1");
  await f.t.cloudwatch().send(
    new PutMetricAlarmCommand({
      ...variantAlarm({ AlarmName: "own-model-5XX", EndpointName: "own-model" }),
      ActionsEnabled: false,
    }),
  );
}, 120_000);
afterAll(() => f.t.stop());

/** A canary of one instance baking 20 s, rolled back by the 5XX alarm. */
const guarded = canaryConfig(20, { alarms: ["own-model-5XX"], terminationWait: 10 });

async function update(EndpointConfigName: string) {
  await f.t
    .sagemaker()
    .send(new UpdateEndpointCommand({ EndpointName: "own-model", EndpointConfigName, DeploymentConfig: guarded }));
  return walk(f, "own-model", { requestsPerPoll: 2, body: TWO_ROWS });
}

const invoke = async (Accept?: string) => {
  const out = await f.t.runtime().send(
    new InvokeEndpointCommand({
      EndpointName: "own-model",
      Body: Buffer.from(TWO_ROWS),
      ContentType: "text/csv",
      Accept,
    }),
  );
  return Buffer.from(out.Body).toString("utf8");
};

describe("your own model behind the endpoint, each version deployed with a guarded canary", () => {
  it("promotes the model on the XGBoost image from a binary artifact, which predicts what XGBoost predicts", async () => {
    const w = await update("xgboost-binary");
    expect(w.failures).toEqual([]);
    expect(w.polls.at(-1)).toMatchObject({ EndpointStatus: "InService", EndpointConfigName: "xgboost-binary" });
    expect(w.polls.at(-1)!.FailureReason).toBeUndefined();
    const scores = (await invoke("text/csv")).trim().split(/[\n,]/).map(Number);
    expect(scores).toHaveLength(2);
    scores.forEach((s, i) => expect(s).toBeCloseTo(xgboostPredictions[i]!, 5));
  });

  it("promotes your own inference server, mapped to its image URI, one process per instance", async () => {
    const w = await update("my-server");
    expect(w.failures).toEqual([]);
    expect(w.polls.at(-1)).toMatchObject({ EndpointStatus: "InService", EndpointConfigName: "my-server" });
    expect(w.polls.at(-1)!.FailureReason).toBeUndefined();
    expect(JSON.parse(await invoke())).toEqual({
      predictions: [
        { score: expect.any(Number) as unknown, predicted_label: expect.any(Number) as unknown },
        { score: expect.any(Number) as unknown, predicted_label: expect.any(Number) as unknown },
      ],
    });
    expect(processesWith("MARK", "my-server")).toHaveLength(3);
  });

  it("rolls back its faulty twin when the 5XX alarm fires, and ends the twin's servers", async () => {
    const w = await update("my-server-faulty");
    expect(w.phases.some((p) => p.startsWith("RollingBack"))).toBe(true);
    expect(w.polls.at(-1)).toMatchObject({
      EndpointStatus: "InService",
      EndpointConfigName: "my-server",
      FailureReason:
        "One or more configured alarm for automatic rollback deployment is in ALARM state: [own-model-5XX].",
    });
    expect(w.failures.length).toBeGreaterThan(0);
    for (const e of w.failures)
      expect(e).toMatchObject({ name: ModelError.name, OriginalStatusCode: 500, OriginalMessage: "math domain error" });
    expect(processesWith("MARK", "my-server")).toHaveLength(3);
    await processesGone("MARK", "my-server-faulty");
  });
});

describe("the XGBoost image's version decides which model formats it reads", () => {
  const invokeOn = (EndpointName: string) =>
    f.t
      .runtime()
      .send(new InvokeEndpointCommand({ EndpointName, Body: Buffer.from(TWO_ROWS), ContentType: "text/csv" }))
      .then(
        (out) => Buffer.from(out.Body).toString("utf8"),
        (e: Error) => e,
      );

  it("serves a UBJSON model on the 1.7-1 image (XGBoost reads UBJSON from 1.6 on)", async () => {
    await createEndpoint(f, "ubjson-on-1-7", "xgboost-ubjson-1-7");
    const scores = String(await invokeOn("ubjson-on-1-7"))
      .trim()
      .split(/[\n,]/)
      .map(Number);
    scores.forEach((s, i) => expect(s).toBeCloseTo(xgboostPredictions[i]!, 5));
  });

  it("answers every invocation on the 1.5-1 image with the container's 500 Unable to load model, naming why", async () => {
    await createEndpoint(f, "ubjson-on-1-5", "xgboost-ubjson-1-5");
    const answer = await invokeOn("ubjson-on-1-5");
    expect(answer).toBeInstanceOf(ModelError);
    expect((answer as ModelError).OriginalStatusCode).toBe(500);
    expect((answer as ModelError).OriginalMessage).toMatch(
      /^Unable to load model: .*xgboost-model: it is in XGBoost's UBJSON model format, which XGBoost reads from 1\.6 on; image tag 1\.5-1 runs XGBoost 1\.5/,
    );
  });
});
