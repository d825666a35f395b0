/**
 * Emulator throughput and latency through the JS SDK, each next to the same client's figures
 * against a do-nothing HTTP server (canned answers, no work) — the ceiling on this machine.
 * Both servers run as child processes, the clients in this one, as a notebook would use them.
 *   npm run bench -- emulator
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import {
  DATA,
  LINEAR_LEARNER_IMAGE,
  ROW,
  sdkClients,
  startEmulatorProcess,
  startServerProcess,
} from "../support/emulator";

const DURATION_MS = 3000;

/** Answers every request at once with what the SDK needs to parse a success. */
const CANNED_SERVER = `
const http = require("node:http");
const describe = JSON.stringify({ EndpointName: "bench", EndpointArn: "arn:aws:sagemaker:us-east-1:000000000000:endpoint/bench", EndpointConfigName: "bench", EndpointStatus: "InService", CreationTime: 1767225600, LastModifiedTime: 1767225600 });
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.headers["x-amz-target"]) res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(describe) }).end(describe);
    else res.writeHead(200, { "content-type": "application/json", "x-amzn-invoked-production-variant": "AllTraffic", "content-length": 33 }).end('{"predictions":[{"score":[0.5]}]}');
  });
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `call` from `concurrency` loops for DURATION_MS after a short warm-up. */
async function measure(concurrency: number, call: () => Promise<unknown>): Promise<Figures> {
  const warmEnd = Date.now() + 300;
  while (Date.now() < warmEnd) await call();
  const latencies: number[] = [];
  const end = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await call();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { perSecond: latencies.length / (DURATION_MS / 1000), p50: at(0.5), p99: at(0.99) };
}

/** One client per service, reused by every call. */
function clients(url: string) {
  const c = sdkClients(url);
  return { sm: c.sagemaker(), rt: c.runtime(), s3: c.s3() };
}

async function deploy(url: string): Promise<void> {
  const { sm, s3 } = clients(url);
  await s3.send(new CreateBucketCommand({ Bucket: "bench" }));
  await s3.send(
    new PutObjectCommand({
      Bucket: "bench",
      Key: "005-model.tar.gz",
      Body: readFileSync(join(DATA, "005-model.tar.gz")),
    }),
  );
  await sm.send(
    new CreateModelCommand({
      ModelName: "bench",
      PrimaryContainer: { Image: LINEAR_LEARNER_IMAGE, ModelDataUrl: "s3://bench/005-model.tar.gz" },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "bench",
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "bench", InitialInstanceCount: 2, InstanceType: "ml.m5.large" },
      ],
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: "bench", EndpointConfigName: "bench" }));
  for (;;) {
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: "bench" }));
    if (d.EndpointStatus !== "Creating") {
      if (d.EndpointStatus !== "InService") throw new Error(`bench endpoint ${d.EndpointStatus}: ${d.FailureReason}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

const fmt = (f: Figures) =>
  `${f.perSecond.toFixed(0).padStart(6)}/s  p50 ${f.p50.toFixed(2).padStart(6)} ms  p99 ${f.p99.toFixed(2).padStart(6)} ms`;

export async function run(): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), "emulator-bench-"));
  // tsx as a loader, so the measured process is the emulator itself (tsx's CLI would be a wrapper).
  const emulator = await startEmulatorProcess(stateDir, ["--provisioning-delay-ms", "0"]);
  const canned = await startServerProcess(["-e", CANNED_SERVER]);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`idle RSS of the emulator process: ${rssMb(emulator.pid).toFixed(0)} MB (target < 150 MB)`);
    await deploy(emulator.url);
    const body = Buffer.from(ROW);
    const targets = { emulator: clients(emulator.url), ceiling: clients(canned.url) };
    const invoke = (c: ReturnType<typeof clients>) => () =>
      c.rt.send(new InvokeEndpointCommand({ EndpointName: "bench", Body: body, ContentType: "text/csv" }));
    const describe = (c: ReturnType<typeof clients>) => () =>
      c.sm.send(new DescribeEndpointCommand({ EndpointName: "bench" }));
    for (const [label, call, concurrency] of [
      ["InvokeEndpoint, 1 client  ", invoke, 1],
      ["InvokeEndpoint, 16 clients", invoke, 16],
      ["DescribeEndpoint, 16 clients", describe, 16],
    ] as const) {
      const ceiling = await measure(concurrency, call(targets.ceiling));
      const actual = await measure(concurrency, call(targets.emulator));
      const share = (100 * actual.perSecond) / ceiling.perSecond;
      console.log(
        `${label}  emulator ${fmt(actual)}  |  do-nothing server ${fmt(ceiling)}  |  ${share.toFixed(0)} % of ceiling`,
      );
    }
    console.log("targets: InvokeEndpoint ≥ 70 % of the ceiling with real inference, p99 < 30 ms at 16 clients");
    console.log(`RSS of the emulator process after the run: ${rssMb(emulator.pid).toFixed(0)} MB`);
  } finally {
    await Promise.all([emulator.kill("SIGTERM"), canned.kill("SIGTERM")]);
    rmSync(stateDir, { recursive: true, force: true });
  }
}
