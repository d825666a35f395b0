/**
 * Your own inference server as a container, run as a local process per instance (no Docker):
 * SageMaker's bring-your-own-container contract on the loopback interface.
 * - Started as `<command> serve`, in its working directory (image-commands.ts), with the model's
 *   Environment, SM_MODEL_DIR (the extracted model data, SageMaker's /opt/ml/model) and
 *   SAGEMAKER_BIND_TO_PORT (a free port on 127.0.0.1 the emulator picked): process-environment.ts.
 * - Up once `GET /ping` answers 200; an exit first, or no 200 within the start-up health check
 *   timeout, is a container that did not pass the ping health check.
 * - `/invocations` is proxied: the caller's body, Content-Type and Accept in; status,
 *   Content-Type and body out. An exit drops what is in flight (the Runtime's "could not get a
 *   response") and takes the instance out of rotation until it is replaced (ProcessInstance).
 * - Stopped as SageMaker stops a container: SIGTERM, then SIGKILL 30 seconds later.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import { Agent, request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import type { InvocationResult } from "../../models";
import type { Clock } from "../clock";
import { errorText, type Logger } from "../log";
import type { Container } from "./container";
import type { ImageCommand } from "./image-commands";
import { extractModel } from "./model-directory";
import { processEnvironment } from "./process-environment";

const HOST = "127.0.0.1";
/** Between two start-up pings, and how long one may take (SageMaker's ping answers within 2 s). */
const PING_INTERVAL_MS = 100;
const PING_TIMEOUT_MS = 2000;
/** SIGTERM, then SIGKILL this much later (SageMaker's thirty seconds). */
const KILL_AFTER_MS = 30_000;
/** The end of a server's output kept for the log line of a failure. */
const OUTPUT_TAIL_BYTES = 4096;

export interface ProcessLaunch {
  command: ImageCommand;
  /** The model.tar.gz and the URL it came from. */
  artifact: Uint8Array;
  source: string;
  environment: Readonly<Record<string, string>>;
  instances: number;
  /** How long each server has to answer its first ping with 200. */
  startupTimeoutMs: number;
  /** For log lines. */
  variant: string;
}

/** A free TCP port on the loopback interface, bound and released at once for the server to bind. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts and stops the local-process containers; stops every one still running when the emulator stops. */
export class ProcessContainers {
  private readonly running = new Set<ServerProcess>();
  private closed = false;
  /** Should the emulator's process end without stopping them, its servers end with it. */
  private readonly killAll = () => {
    for (const server of this.running) server.kill("SIGKILL");
  };

  constructor(
    /** Where each launch's model data is extracted (one directory per launch, removed with it). */
    private readonly dir: string,
    private readonly clock: Clock,
    /** How long replacing a failed instance takes (the emulator's provisioning delay). */
    private readonly replaceAfterMs: number,
    private readonly logger: Logger,
  ) {
    process.on("exit", this.killAll);
  }

  /** Removes what a previous emulator process left (its servers ended with it). */
  static async open(dir: string, clock: Clock, replaceAfterMs: number, logger: Logger): Promise<ProcessContainers> {
    await fs.rm(dir, { recursive: true, force: true });
    return new ProcessContainers(dir, clock, replaceAfterMs, logger);
  }

  /** One container per instance, each up (its first ping answered 200); throws if any is not. */
  async launch(launch: ProcessLaunch): Promise<Container[]> {
    const launchDir = join(this.dir, randomUUID());
    const modelDir = join(launchDir, "model");
    const removeModel = () => fs.rm(launchDir, { recursive: true, force: true });
    const spawnServer = async (instance: number) => {
      if (this.closed) throw new Error("the emulator is stopping");
      const server = new ServerProcess(launch, modelDir, await freePort(), instance, this.logger);
      this.running.add(server);
      void server.exited.then(() => this.running.delete(server));
      return server;
    };
    const servers: ServerProcess[] = [];
    try {
      await extractModel(launch.artifact, launch.source, modelDir);
      for (let i = 0; i < launch.instances; i++) servers.push(await spawnServer(i + 1));
      await Promise.all(servers.map((s) => s.up(this.clock, launch.startupTimeoutMs)));
    } catch (e) {
      await Promise.all(servers.map((s) => s.stop()));
      await removeModel();
      throw e;
    }
    let left = servers.length;
    const stopped = async () => {
      if (--left === 0) await removeModel();
    };
    return servers.map(
      (server, i) =>
        new ProcessInstance(server, {
          replace: async () => {
            const next = await spawnServer(i + 1);
            await next.up(this.clock, launch.startupTimeoutMs).catch(() => next.stop());
            return next;
          },
          replaceAfter: (fn) => this.clock.setTimer(this.replaceAfterMs, fn),
          stopped,
          logger: this.logger,
          variant: launch.variant,
        }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running].map((s) => s.stop()));
    process.off("exit", this.killAll);
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

interface Replacement {
  /** Starts a new server for the instance (up, or ended if it did not come up). */
  replace(): Promise<ServerProcess>;
  /** Runs `fn` once replacing takes its time; returns a cancel function. */
  replaceAfter(fn: () => void): () => void;
  /** Called once the instance is stopped. */
  stopped(): Promise<void>;
  logger: Logger;
  variant: string;
}

/**
 * One instance: its server process, replaced as SageMaker replaces an instance that failed – a
 * process that ended unasked is out of rotation, and a new one is started after the replacement
 * time (and again, should that one not come up).
 */
class ProcessInstance implements Container {
  private stopping = false;
  private cancelReplacement?: () => void;

  constructor(
    private server: ServerProcess,
    private readonly replacement: Replacement,
  ) {
    this.watch(server);
  }

  ping(): boolean {
    return this.server.ping();
  }

  invoke(body: Uint8Array, contentType: string, accept: string | undefined): Promise<InvocationResult> {
    return this.server.invoke(body, contentType, accept);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.cancelReplacement?.();
    await this.server.stop();
    await this.replacement.stopped();
  }

  private watch(server: ServerProcess): void {
    void server.exited.then(() => {
      if (this.stopping || server !== this.server) return;
      this.cancelReplacement = this.replacement.replaceAfter(() => void this.replace());
    });
  }

  private async replace(): Promise<void> {
    this.cancelReplacement = undefined;
    let next: ServerProcess;
    try {
      next = await this.replacement.replace();
    } catch (e) {
      // The emulator is stopping.
      this.replacement.logger.info("instance not replaced", { variant: this.replacement.variant, error: errorText(e) });
      return;
    }
    if (this.stopping) return void (await next.stop());
    this.server = next;
    this.watch(next);
  }
}

class ServerProcess implements Container {
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private readonly agent = new Agent({ keepAlive: true });
  private healthy = false;
  private gone = false;
  private stopping = false;
  private output = "";

  constructor(
    launch: ProcessLaunch,
    modelDir: string,
    private readonly port: number,
    instance: number,
    private readonly logger: Logger,
  ) {
    const [program, ...args] = launch.command.argv;
    this.child = spawn(program!, [...args, "serve"], {
      cwd: launch.command.cwd,
      env: processEnvironment(launch.environment, modelDir, port),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_BYTES));
    this.child.stdout!.on("data", keep);
    this.child.stderr!.on("data", keep);
    const fields = { variant: launch.variant, instance, command: launch.command.argv.join(" ") };
    this.exited = new Promise((resolve) => {
      this.child.once("error", (e) => {
        this.logger.info("container process did not start", { ...fields, error: errorText(e) });
        this.ended();
        resolve();
      });
      this.child.once("exit", (code, signal) => {
        if (!this.stopping)
          this.logger.info("container process exited", { ...fields, code, signal, output: this.output });
        this.ended();
        resolve();
      });
    });
  }

  /** Resolves once /ping answers 200; rejects if the process ends first or the timeout passes. */
  up(clock: Clock, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        cancel();
        if (error) reject(error);
        else resolve();
      };
      const cancel = clock.setTimer(timeoutMs, () =>
        finish(new Error(`no 200 from GET /ping within ${timeoutMs / 1000} s`)),
      );
      void this.exited.then(() => finish(new Error(`the process ended before answering GET /ping`)));
      const poll = () => {
        if (done) return;
        void this.pingOnce().then((ok) => {
          if (ok && !this.gone) {
            this.healthy = true;
            finish();
          } else if (!done) setTimeout(poll, PING_INTERVAL_MS).unref();
        });
      };
      poll();
    });
  }

  ping(): boolean {
    return this.healthy && !this.gone;
  }

  invoke(body: Uint8Array, contentType: string, accept: string | undefined): Promise<InvocationResult> {
    const headers: Record<string, string | number> = { "Content-Type": contentType, "Content-Length": body.length };
    if (accept !== undefined) headers.Accept = accept;
    return new Promise((resolve, reject) => {
      const req = request(
        { host: HOST, port: this.port, method: "POST", path: "/invocations", headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: res.headers["content-type"] ?? "application/octet-stream",
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** SIGTERM, then SIGKILL thirty seconds later if it is still there; resolves once it has ended. */
  async stop(): Promise<void> {
    if (!this.gone) {
      this.stopping = true;
      this.kill("SIGTERM");
      const timer = setTimeout(() => this.kill("SIGKILL"), KILL_AFTER_MS);
      timer.unref();
      await this.exited;
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.gone) this.child.kill(signal);
  }

  private ended(): void {
    this.gone = true;
    this.healthy = false;
    this.agent.destroy();
  }

  private pingOnce(): Promise<boolean> {
    return new Promise((resolve) => {
      const req = request(
        { host: HOST, port: this.port, method: "GET", path: "/ping", timeout: PING_TIMEOUT_MS },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(false));
      req.end();
    });
  }
}
