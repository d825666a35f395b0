/**
 * No client starves the rest of the listener (src/emulator/connection-limits.ts). The CLI runs as a
 * user with the common 1,024 file-descriptor limit runs it (`ulimit -n 1024`):
 * - 1,500 connections that send half a request (slowloris) and 1,200 that send nothing do not stop
 *   other clients: every legitimate request meanwhile is answered;
 * - a connection that stops halfway through its request head is answered 408 and closed within
 *   the header timeout, while an SDK's keep-alive connection left idle for longer than that is
 *   reused as before;
 * - S3 upload bodies stream to disk: three concurrent signed 400 MiB PutObjects and one 1 GiB
 *   streamed PutObject (aws-chunked, CRC32 trailer) each raise the emulator's peak RSS by less than
 *   one body's worth, and every object reads back whole.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { SERVER_TIMEOUTS } from "../../src/emulator/connection-limits";
import { ROOT } from "./support/fixtures";
import { report } from "./support/summary";
import { LOCAL_KEYS, Wire } from "./support/wire";

const MiB = 2 ** 20;
let dir: string;
let child: ChildProcess;
let url: string;
let s3: S3Client;
let idleRss: number;
const figures: Record<string, number> = {};

const status = (field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) *
  1024;

/** Peak RSS while `work` runs, above the emulator's RSS when idle (the kernel's high-water mark, reset first). */
async function peakGrowth(work: () => Promise<void>): Promise<number> {
  writeFileSync(`/proc/${child.pid}/clear_refs`, "5");
  await work();
  return status("VmHWM") - idleRss;
}

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
  s3 = client();
  await s3.send(new CreateBucketCommand({ Bucket: "conn" }));
  idleRss = status("VmRSS");
  figures["emulator RSS when idle (MiB)"] = Math.round(idleRss / MiB);
});

afterAll(async () => {
  child?.kill("SIGTERM");
  await new Promise((r) => child?.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
  report({ order: 15, title: "Connections and bodies", figures });
});

/** An S3 client of the emulator without retries (a failure counts). */
const client = (config: Partial<S3ClientConfig> = {}) =>
  new S3Client({
    endpoint: url,
    region: "us-east-1",
    credentials: LOCAL_KEYS,
    forcePathStyle: true,
    maxAttempts: 1,
    ...config,
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
    const fresh = client();
    const began = performance.now();
    try {
      await fresh.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(20_000) });
      answered++;
    } catch {
      // counted as not answered
    }
    slowest = Math.max(slowest, performance.now() - began);
    fresh.destroy();
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

describe("timeouts", () => {
  const { headersTimeout, connectionsCheckingInterval } = SERVER_TIMEOUTS;

  it("answers 408 and closes a connection whose request head stalls, within the header timeout", async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (d: Buffer) => (answer += d.toString()));
    socket.on("error", () => {});
    const began = performance.now();
    socket.write("PUT /conn/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    // Node's own default (60 s, checked every 30 s) would keep it open for up to 90 s.
    const closedAfter = await new Promise<number>((resolve) => {
      socket.once("close", () => resolve(performance.now() - began));
      setTimeout(() => resolve(Infinity), headersTimeout + connectionsCheckingInterval + 10_000);
    });
    socket.destroy();
    figures["stalled request head closed after (ms)"] = Math.round(closedAfter);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfter).toBeGreaterThanOrEqual(headersTimeout - 100);
    expect(closedAfter).toBeLessThan(headersTimeout + connectionsCheckingInterval + 10_000);
  });

  it("reuses an SDK's keep-alive connection left idle for longer than the header timeout", async () => {
    const httpAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const reusing = client({ requestHandler: new NodeHttpHandler({ httpAgent }) });
    const sockets = new Set<Socket>();
    httpAgent.on("free", (socket: Socket) => sockets.add(socket));
    await reusing.send(new ListBucketsCommand({}));
    await new Promise((r) => setTimeout(r, headersTimeout + 2 * connectionsCheckingInterval + 1000));
    const second = await reusing.send(new ListBucketsCommand({}));
    reusing.destroy();
    expect(second.$metadata.httpStatusCode).toBe(200);
    expect(sockets.size).toBe(1); // the same connection carried both requests
  });
});

describe("request bodies", () => {
  it("streams three concurrent 400 MiB PutObjects to disk, storing all three", async () => {
    const body = Buffer.alloc(400 * MiB, 7);
    const wire = new Wire(url, 4, 590_000);
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
    let statuses: number[] = [];
    const growth = await peakGrowth(async () => {
      const answers = await Promise.all(puts.map((r) => wire.transmit(r.method, r.target, r.headers, r.body)));
      statuses = answers.map((a) => a.status);
    });
    wire.close();
    figures["three concurrent 400 MiB PutObjects: emulator peak RSS above idle (MiB)"] = Math.round(growth / MiB);
    expect(statuses).toEqual([200, 200, 200]);
    for (const i of [1, 2, 3])
      expect((await s3.send(new HeadObjectCommand({ Bucket: "conn", Key: `big-${i}` }))).ContentLength).toBe(400 * MiB);
    // Held in memory, three bodies came to over 2 GiB (and taking turns, to one body's 400 MiB).
    expect(growth).toBeLessThan(400 * MiB);
  }, 600_000);

  it("streams a 1 GiB PutObject (aws-chunked, CRC32 trailer) to disk and a GetObject of it back from disk", async () => {
    const size = 1024 * MiB;
    const piece = Buffer.alloc(MiB);
    const sent = createHash("md5");
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < size / MiB; i++) {
          piece.fill(i % 251);
          sent.update(piece);
          yield Buffer.from(piece);
        }
      })(),
    );
    let etag: string | undefined;
    const putGrowth = await peakGrowth(async () => {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: "conn", Key: "gib", Body: source, ContentLength: size }),
        { abortSignal: AbortSignal.timeout(600_000) },
      );
      etag = put.ETag;
    });
    expect(etag).toBe(`"${sent.digest("hex")}"`);
    const received = createHash("md5");
    let length = 0;
    const getGrowth = await peakGrowth(async () => {
      const got = await s3.send(new GetObjectCommand({ Bucket: "conn", Key: "gib" }));
      for await (const chunk of got.Body as Readable) {
        received.update(chunk as Buffer);
        length += (chunk as Buffer).length;
      }
    });
    figures["1 GiB streamed PutObject: emulator peak RSS above idle (MiB)"] = Math.round(putGrowth / MiB);
    figures["1 GiB GetObject: emulator peak RSS above idle (MiB)"] = Math.round(getGrowth / MiB);
    expect(length).toBe(size);
    expect(`"${received.digest("hex")}"`).toBe(etag);
    expect(putGrowth).toBeLessThan(256 * MiB);
    expect(getGrowth).toBeLessThan(256 * MiB);
    // 2 GiB through the SDK's checksums takes minutes while the main suite shares the cores.
  }, 600_000);
});
