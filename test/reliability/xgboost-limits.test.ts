/**
 * XGBoost models are held to limits when they load (src/models/xgboost/model-limits.ts), and no
 * prediction keeps other clients waiting:
 * - multi:softprob with num_class = 2^24, or a tree of 2,097,151 nodes, fails to load: the
 *   endpoint comes up (as SageMaker's XGBoost container does) and every invocation is ModelError
 *   with "Unable to load model: …";
 * - a request of 5,000 rows on 4,000 trees of depth 8 (9 nodes a row per tree: 180M) is answered while a concurrent client
 *   keeps being answered (predictions run in slices between other requests).
 * Figures: the longest stall a concurrent client saw and the peak RSS growth of each.
 */
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { XGBOOST_IMAGE, createEndpointOn, startTestEmulator, tarGz, type TestEmulator } from "../../support/emulator";
import { waitForEndpoint } from "./support/fixtures";
import { costOf } from "./support/stall";
import { forest } from "./support/xgboost-forest";
import { report } from "./support/summary";

let t: TestEmulator;
const figures: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestEmulator();
  await t.s3().send(new CreateBucketCommand({ Bucket: "xgb" }));
});

afterAll(async () => {
  await t?.stop();
  report({ order: 14, title: "XGBoost limits", figures });
});

/** Deploys `artifact` (tarGz of the model, made beforehand: packing 48 MiB would stall this process itself). */
async function deploy(name: string, artifact: Buffer): Promise<string> {
  await t.s3().send(new PutObjectCommand({ Bucket: "xgb", Key: `${name}.tar.gz`, Body: artifact }));
  await createEndpointOn(t.sagemaker(), name, XGBOOST_IMAGE, `s3://xgb/${name}.tar.gz`);
  return waitForEndpoint(t.sagemaker(), name);
}

const invoke = (name: string, rows: string) =>
  t
    .runtime()
    .send(new InvokeEndpointCommand({ EndpointName: name, Body: Buffer.from(rows), ContentType: "text/csv" }))
    .then(
      (out) => ({ status: 200, body: Buffer.from(out.Body ?? []).toString(), name: "ok", message: "" }),
      (e: Error & { $metadata?: { httpStatusCode?: number }; OriginalMessage?: string }) => ({
        status: e.$metadata?.httpStatusCode,
        body: "",
        name: e.name,
        message: e.OriginalMessage ?? e.message,
      }),
    );

const probe = () => t.s3().send(new HeadBucketCommand({ Bucket: "xgb" }));

describe("XGBoost model limits", () => {
  it("refuses to load multi:softprob with num_class 2^24, and the invocation is answered at once", async () => {
    expect(
      await deploy(
        "classes",
        tarGz({ "xgboost-model": forest({ objective: "multi:softprob", numClass: 2 ** 24, trees: 1, depth: 1 }) }),
      ),
    ).toBe("InService");
    const cost = await costOf(probe, () => invoke("classes", "0.5\n0.2\n"));
    Object.assign(figures, {
      "softprob num_class 2^24, 2 rows: longest stall of a concurrent client (ms)": cost.longestStallMs,
      "  peak RSS growth (MiB)": cost.peakRssGrowthMiB,
    });
    expect([cost.result.status, cost.result.name]).toEqual([424, "ModelError"]);
    expect(cost.result.message).toMatch(/^Unable to load model: .*num_class is 16777216, more than the 10000/);
  });

  it("refuses to load a tree of 2,097,151 nodes", async () => {
    const model = forest({ objective: "reg:squarederror", trees: 1, depth: 20 });
    const artifact = tarGz({ "xgboost-model": model });
    const cost = await costOf(probe, () => deploy("nodes", artifact));
    Object.assign(figures, {
      "tree of 2,097,151 nodes (JSON MiB)": Math.round(model.length / 2 ** 20),
      "  endpoint start: longest stall of a concurrent client (ms)": cost.longestStallMs,
      "  peak RSS growth (MiB) ": cost.peakRssGrowthMiB,
    });
    expect(cost.result).toBe("InService");
    const answer = await invoke("nodes", "0.5\n");
    expect([answer.status, answer.name]).toEqual([424, "ModelError"]);
    expect(answer.message).toMatch(/^Unable to load model: .*nodes of tree 0 is 2097151, more than the 1000000/);
  });

  it("answers 5,000 rows on 4,000 trees of depth 8 while other clients are answered", async () => {
    const artifact = tarGz({ "xgboost-model": forest({ objective: "reg:squarederror", trees: 4000, depth: 8 }) });
    expect(await deploy("rows", artifact)).toBe("InService");
    const rows = Array.from({ length: 5000 }, (_, i) => String((i % 100) / 100)).join("\n");
    const cost = await costOf(probe, () => invoke("rows", rows));
    Object.assign(figures, {
      "5,000 rows × 4,000 trees of depth 8: longest stall of a concurrent client (ms)": cost.longestStallMs,
      "  concurrent requests answered meanwhile": cost.probes,
      "  peak RSS growth (MiB)  ": cost.peakRssGrowthMiB,
    });
    expect(cost.result.status).toBe(200);
    expect(cost.result.body.trim().split("\n")).toHaveLength(5000);
  });
});
