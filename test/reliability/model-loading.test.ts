/**
 * Loading a model never keeps other clients waiting, and never holds more than the model in memory
 * (src/models/archive/tar-gz-stream.ts, src/models/xgboost/parse-off-thread.ts). The CLI runs as
 * its own process, so its peak RSS (VmHWM) is the emulator's alone; a second client sends a
 * HeadBucket every 50 ms throughout, and the longest one is the stall it saw.
 * - A gzip bomb (a small model beside 10^9 zero bytes, ~1 MB compressed) is past the archive cap:
 *   the endpoint fails as one whose model data cannot be extracted, streamed and never held.
 * - 400 MiB of zeros beside the model (under the cap) is streamed past: the endpoint serves.
 * - A 48 MiB XGBoost JSON model (1,000 trees of 2,047 nodes) is parsed on a worker thread.
 * - After a restart the emulator listens at once: the endpoints are InService, their instances
 *   answer ModelNotReadyException until their models are loaded again, then predictions.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { Header } from "tar";
import {
  XGBOOST_IMAGE,
  createEndpointOn,
  startEmulatorProcess,
  tarGz,
  tempStateDir,
  type EmulatorProcess,
} from "../../support/emulator";
import { costOf } from "./support/stall";
import { report } from "./support/summary";
import { forest } from "./support/xgboost-forest";

const MiB = 2 ** 20;
const MEMORY_BOUND_MIB = 300;
const SMALL_MODEL = forest({ objective: "reg:squarederror", trees: 1, depth: 1 });

let stateDir: string;
let scratch: string;
let emulator: EmulatorProcess;
const figures: Record<string, number> = {};

beforeAll(async () => {
  stateDir = tempStateDir();
  scratch = mkdtempSync(join(tmpdir(), "reliability-model-loading-"));
  emulator = await startEmulatorProcess(stateDir);
  await emulator.s3().send(new CreateBucketCommand({ Bucket: "models" }));
});

afterAll(async () => {
  await emulator?.kill("SIGTERM");
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  report({ order: 16, title: "Model loading", figures });
});

/** A model.tar.gz holding `xgboost-model` and then `padding.bin` of `zeros` zero bytes, written as a stream. */
async function paddedArtifact(zeros: number): Promise<Buffer> {
  const file = join(scratch, `padded-${zeros}.tar.gz`);
  const header = (path: string, size: number) => {
    const block = Buffer.alloc(512);
    new Header({ path, size, mode: 0o644, mtime: new Date(0), type: "File" }).encode(block, 0);
    return block;
  };
  const pad = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);
  const chunk = Buffer.alloc(MiB);
  function* tar() {
    yield header("xgboost-model", SMALL_MODEL.length);
    yield Buffer.concat([Buffer.from(SMALL_MODEL), pad(SMALL_MODEL.length)]);
    yield header("padding.bin", zeros);
    for (let left = zeros; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    yield Buffer.concat([pad(zeros), Buffer.alloc(1024)]);
  }
  await pipeline(Readable.from(tar()), createGzip({ level: 9 }), createWriteStream(file));
  return readFileSync(file);
}

/** A field of the emulator process's /proc status (VmRSS, VmHWM), in bytes. */
function memoryOf(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)![1]) * 1024;
}

/** What `work` costs the emulator process: a second client sends a HeadBucket every 50 ms; its peak RSS (VmHWM). */
async function whileProbing<T>(e: EmulatorProcess, work: () => Promise<T>) {
  const s3 = e.s3();
  const cost = await costOf(() => s3.send(new HeadBucketCommand({ Bucket: "models" })), work, {
    pauseMs: 50,
    rss: () => memoryOf(e.pid, "VmRSS"),
  });
  return { ...cost, peakRssMiB: Math.round(memoryOf(e.pid, "VmHWM") / MiB) };
}

async function deploy(e: EmulatorProcess, name: string, artifact: Buffer): Promise<string> {
  await e.s3().send(new PutObjectCommand({ Bucket: "models", Key: `${name}.tar.gz`, Body: artifact }));
  await createEndpointOn(e.sagemaker(), name, XGBOOST_IMAGE, `s3://models/${name}.tar.gz`);
  return settled(e, name);
}

/** The status the endpoint settles in (a large model takes seconds to load on a busy machine). */
async function settled(e: EmulatorProcess, name: string): Promise<string> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const status = (await e.sagemaker().send(new DescribeEndpointCommand({ EndpointName: name }))).EndpointStatus;
    if (status !== "Creating" || Date.now() > deadline) return status ?? "";
    await new Promise((r) => setTimeout(r, 100));
  }
}

const invoke = (e: EmulatorProcess, name: string) =>
  e
    .runtime()
    .send(new InvokeEndpointCommand({ EndpointName: name, Body: Buffer.from("0.5\n"), ContentType: "text/csv" }))
    .then(
      (out) => ({ status: 200, name: "ok", value: Number(Buffer.from(out.Body ?? []).toString()), message: "" }),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) => ({
        status: err.$metadata?.httpStatusCode,
        name: err.name,
        value: NaN,
        message: err.message,
      }),
    );

type Answer = Awaited<ReturnType<typeof invoke>>;

const failureReason = async (e: EmulatorProcess, name: string) =>
  (await e.sagemaker().send(new DescribeEndpointCommand({ EndpointName: name }))).FailureReason;

describe("Loading model data", () => {
  it("refuses a gzip bomb of 10^9 bytes past the archive cap without holding it or stalling other clients", async () => {
    const bomb = await paddedArtifact(1e9);
    const cost = await whileProbing(emulator, () => deploy(emulator, "bomb", bomb));
    Object.assign(figures, {
      "gzip bomb (10^9 zero bytes beside the model): compressed KiB": Math.round(bomb.length / 1024),
      "  endpoint start: longest stall of a concurrent client (ms)": cost.longestStallMs,
      "  emulator peak RSS (MiB)": cost.peakRssMiB,
      "  peak RSS growth (MiB)": cost.peakRssGrowthMiB,
    });
    expect(cost.result).toBe("Failed");
    expect(await failureReason(emulator, "bomb")).toMatch(/^Failed to extract model data archive for container/);
    expect(cost.peakRssGrowthMiB).toBeLessThan(MEMORY_BOUND_MIB);
  });

  it("streams past 400 MiB beside the model (under the cap) and serves it", async () => {
    const padded = await paddedArtifact(400 * MiB);
    const cost = await whileProbing(emulator, () => deploy(emulator, "padded", padded));
    Object.assign(figures, {
      "400 MiB of zeros beside the model: endpoint start: longest stall (ms)": cost.longestStallMs,
      "  emulator peak RSS (MiB) ": cost.peakRssMiB,
      "  peak RSS growth (MiB) ": cost.peakRssGrowthMiB,
    });
    expect(cost.result).toBe("InService");
    expect(await invoke(emulator, "padded")).toEqual({ status: 200, name: "ok", value: 1.5, message: "" });
    expect(cost.peakRssGrowthMiB).toBeLessThan(MEMORY_BOUND_MIB);
  });

  it("parses a 48 MiB XGBoost JSON model (2,047,000 nodes) without stalling other clients", async () => {
    const model = forest({ objective: "reg:squarederror", trees: 1000, depth: 10 });
    const artifact = tarGz({ "xgboost-model": model });
    const cost = await whileProbing(emulator, () => deploy(emulator, "large", artifact));
    Object.assign(figures, {
      "XGBoost JSON of 1,000 trees × 2,047 nodes (MiB)": Math.round(model.length / MiB),
      "  endpoint start: longest stall of a concurrent client (ms)  ": cost.longestStallMs,
      "  concurrent requests answered meanwhile": cost.probes,
      "  emulator peak RSS (MiB)  ": cost.peakRssMiB,
    });
    expect(cost.result).toBe("InService");
    const answer = await invoke(emulator, "large");
    expect(answer.status).toBe(200);
    expect(answer.value).toBeCloseTo(1.5, 4);
  });

  it("listens at once after a restart; instances answer ModelNotReadyException until their models are loaded", async () => {
    await emulator.kill("SIGTERM");
    const began = performance.now();
    emulator = await startEmulatorProcess(stateDir);
    const listenedAfterMs = Math.round(performance.now() - began);
    const first = await invoke(emulator, "large");
    const described = await emulator.sagemaker().send(new DescribeEndpointCommand({ EndpointName: "large" }));
    /** Invokes until the endpoint's model is loaded, counting the ModelNotReadyExceptions meanwhile. */
    const untilLoaded = async (endpoint: string, answered: Answer) => {
      let answer = answered;
      let notReady = 0;
      while (answer.status !== 200) {
        expect([answer.status, answer.name]).toEqual([429, "ModelNotReadyException"]);
        notReady++;
        await new Promise((r) => setTimeout(r, 100));
        answer = await invoke(emulator, endpoint);
      }
      return { answer, notReady };
    };
    const cost = await whileProbing(emulator, () => untilLoaded("large", first));
    Object.assign(figures, {
      "restart: listening after (ms)": listenedAfterMs,
      "  invocations answered ModelNotReadyException while the 48 MiB model loaded": cost.result.notReady,
      "  longest stall of a concurrent client meanwhile (ms)": cost.longestStallMs,
      "  emulator peak RSS (MiB)   ": cost.peakRssMiB,
    });
    expect([first.status, first.name]).toEqual([429, "ModelNotReadyException"]);
    expect(described.EndpointStatus).toBe("InService");
    expect(cost.result.answer.value).toBeCloseTo(1.5, 4);
    // The padded model loads beside the large one: in any order, the same answer once loaded.
    const padded = await untilLoaded("padded", await invoke(emulator, "padded"));
    expect(padded.answer).toEqual({ status: 200, name: "ok", value: 1.5, message: "" });
    expect(await failureReason(emulator, "bomb")).toMatch(/^Failed to extract model data archive/);
  });
});
