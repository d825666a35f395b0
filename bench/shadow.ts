/**
 * Production latency with and without a shadow variant attached, at 16 concurrent clients, through
 * the JS SDK against the emulator running as its own process. The shadow copy runs after the
 * reply is written, so the target is that it barely shows: p99 within 20 % of the no-shadow
 * figure. Measured twice, without and with data capture (capture adds a journal fsync, shared by
 * concurrent requests, before each reply). Rounds alternate between the endpoints so that drift
 * on a shared machine hits both alike.
 *   npm run bench -- shadow
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { ROWS, startEmulatorProcess, type SdkClients } from "../support/emulator";
import { CAPTURE_URI, createModel, createShadowEndpoint, prepareBuckets, variant } from "../support/shadow";

const CONCURRENCY = 16;
const ROUND_MS = 500;
const ROUNDS = 12;

interface Setup {
  label: string;
  endpoint: string;
  shadow: boolean;
  capture: boolean;
}

const SETUPS: Setup[] = [
  { label: "production only          ", endpoint: "solo", shadow: false, capture: false },
  { label: "with shadow (100 % copy) ", endpoint: "shadowed", shadow: true, capture: false },
  { label: "production only, capture ", endpoint: "solo-capture", shadow: false, capture: true },
  { label: "with shadow, capture     ", endpoint: "shadowed-capture", shadow: true, capture: true },
];

async function deploy(c: SdkClients, s: Setup): Promise<void> {
  const capture = {
    InitialSamplingPercentage: 100,
    DestinationS3Uri: CAPTURE_URI,
    CaptureOptions: [{ CaptureMode: "Input" as const }, { CaptureMode: "Output" as const }],
  };
  await createShadowEndpoint(
    c,
    s.endpoint,
    "bench-v1",
    s.shadow ? variant("ShadowVariant", "bench-v2") : undefined,
    s.capture ? capture : undefined,
  );
}

/** Latencies (ms) of every request answered by `CONCURRENCY` closed loops during `ms`. */
async function round(c: SdkClients, endpoint: string, ms: number): Promise<number[]> {
  const rt = c.runtime();
  const latencies: number[] = [];
  const end = performance.now() + ms;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const body = Buffer.from(ROWS[i++ % ROWS.length]!);
        const t0 = performance.now();
        await rt.send(
          new InvokeEndpointCommand({
            EndpointName: endpoint,
            Body: body,
            ContentType: "text/csv",
            Accept: "application/json",
            InferenceId: `bench-${i}`,
          }),
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function run(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "shadow-bench-"));
  const emulator = await startEmulatorProcess(stateDir, ["--provisioning-delay-ms", "50"]);
  try {
    await prepareBuckets(emulator);
    await createModel(emulator, "bench-v1", "linear-learner", "005-model.tar.gz");
    await createModel(emulator, "bench-v2", "linear-learner", "009-model.tar.gz");
    for (const s of SETUPS) await deploy(emulator, s);
    for (const s of SETUPS) await round(emulator, s.endpoint, 300); // warm-up
    const latencies = new Map(SETUPS.map((s) => [s.endpoint, [] as number[]]));
    for (let r = 0; r < ROUNDS; r++)
      for (const s of SETUPS) latencies.get(s.endpoint)!.push(...(await round(emulator, s.endpoint, ROUND_MS)));

    const figures = new Map(
      SETUPS.map((s) => {
        const sorted = latencies.get(s.endpoint)!.sort((a, b) => a - b);
        return [s.endpoint, { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) }];
      }),
    );
    console.log(`InvokeEndpoint, ${CONCURRENCY} concurrent clients, production latency as the caller sees it`);
    for (const s of SETUPS) {
      const f = figures.get(s.endpoint)!;
      const base = figures.get(s.capture ? "solo-capture" : "solo")!;
      const vs = s.shadow
        ? `  p99 ${(((f.p99 - base.p99) / base.p99) * 100).toFixed(0).padStart(3)} % vs no shadow`
        : "";
      console.log(
        `  ${s.label} ${String(f.n).padStart(6)} requests  p50 ${f.p50.toFixed(2).padStart(6)} ms  p99 ${f.p99.toFixed(2).padStart(6)} ms${vs}`,
      );
    }
    console.log("target: with a shadow attached, production p99 within 20 % of the no-shadow figure");
  } finally {
    await emulator.kill("SIGTERM");
    rmSync(stateDir, { recursive: true, force: true });
  }
}
