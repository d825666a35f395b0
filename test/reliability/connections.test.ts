/**
 * No client starves the rest of the listener (src/emulator/connection-limits.ts). The CLI runs as a
 * user with the common 1,024 file-descriptor limit runs it (`ulimit -n 1024`):
 * - 1,500 connections that send half a request (slowloris) and 1,200 that send nothing do not stop
 *   other clients: every legitimate request meanwhile is answered;
 * - three concurrent signed 400 MiB PutObjects take turns in memory: the emulator's peak RSS stays
 *   far below three bodies' worth, and all three objects are stored.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, HeadObjectCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { ROOT } from "./support/fixtures";
import { report } from "./support/summary";
import { LOCAL_KEYS, Wire } from "./support/wire";

const MiB = 2 ** 20;
let dir: string;
let child: ChildProcess;
let url: string;
let s3: S3Client;
const figures: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "reliability-connections-"));
  child = spawn(
    "sh",
    [
      "-c",
      `ulimit -n 1024 && exec "${process.execPath}" --import tsx src/emulator/cli.ts --port 0 --state-dir "${dir}"`,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  s3 = new S3Client({
    endpoint: url,
    region: "us-east-1",
    credentials: LOCAL_KEYS,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  await s3.send(new CreateBucketCommand({ Bucket: "conn" }));
});

afterAll(async () => {
  child?.kill("SIGTERM");
  await new Promise((r) => child?.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
  report({ order: 15, title: "Connections and bodies", figures });
});

/** Opens `n` connections that each send `prefix` and then nothing more. */
async function holdConnections(n: number, prefix: string): Promise<Socket[]> {
  const { port } = new URL(url);
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const socket = connect(Number(port), "127.0.0.1");
    socket.on("error", () => {}); // closed by the emulator: expected
    if (prefix) socket.write(prefix);
    sockets.push(socket);
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 500));
  return sockets;
}

/** 20 legitimate requests one after another (a fresh client each, as a new process would be): answered and the slowest. */
async function legitimate(): Promise<{ answered: number; slowestMs: number }> {
  let answered = 0;
  let slowest = 0;
  for (let i = 0; i < 20; i++) {
    const client = new S3Client({
      endpoint: url,
      region: "us-east-1",
      credentials: LOCAL_KEYS,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const began = performance.now();
    try {
      await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(20_000) });
      answered++;
    } catch {
      // counted as not answered
    }
    slowest = Math.max(slowest, performance.now() - began);
    client.destroy();
  }
  return { answered, slowestMs: Math.round(slowest) };
}

describe("connections", () => {
  for (const [label, count, prefix] of [
    ["half a request (slowloris)", 1500, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "],
    ["nothing (idle)", 1200, ""],
  ] as const) {
    it(`answers other clients while ${count} connections send ${label}`, async () => {
      const held = await holdConnections(count, prefix);
      const { answered, slowestMs } = await legitimate();
      for (const s of held) s.destroy();
      Object.assign(figures, {
        [`${count} connections sending ${label}`]: count,
        [`  legitimate requests answered meanwhile (of 20)`]: answered,
        [`  slowest of them (ms)`]: slowestMs,
      });
      expect(answered).toBe(20);
    });
  }
});

describe("request bodies", () => {
  it("takes three concurrent 400 MiB PutObjects in turns, storing all three", async () => {
    const body = Buffer.alloc(400 * MiB, 7);
    const wire = new Wire(url, 4, 170_000);
    const puts = await Promise.all(
      [1, 2, 3].map((i) =>
        wire.prepare({
          service: "s3",
          method: "PUT",
          path: `/conn/big-${i}`,
          headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
          body,
        }),
      ),
    );
    const answers = await Promise.all(puts.map((r) => wire.transmit(r.method, r.target, r.headers, r.body)));
    wire.close();
    const peak = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    figures["three concurrent 400 MiB PutObjects: emulator peak RSS (MiB)"] = Math.round(peak / MiB);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const i of [1, 2, 3])
      expect((await s3.send(new HeadObjectCommand({ Bucket: "conn", Key: `big-${i}` }))).ContentLength).toBe(400 * MiB);
    // Three bodies held at once, with a copy each to join their chunks, came to over 2 GiB.
    expect(peak).toBeLessThan(1200 * MiB);
  });
});
