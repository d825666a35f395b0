import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");

export interface JupyterServer {
  /** http://127.0.0.1:PORT/ */
  origin: string;
  token: string;
  /** Path from the server's root (the checkout) to the copy of the folder, e.g. "reports/ui-lab-x1y2/notebooks". */
  folder: string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** The `jupyter` launcher to run. */
  jupyter: string;
  app: "lab" | "notebook";
  /** Folder of the checkout to copy (e.g. "notebooks"). */
  folder: string;
  /** Command-line flags of the app (config class names differ between the classic Notebook and Jupyter Server). */
  flags(token: string, root: string, port: number, scratch: string): string[];
  /**
   * The port to ask for. Jupyter binds it itself and, when it is taken, tries
   * others (port_retries); the port it got is read from its log. Jupyter Server
   * takes 0 (the OS picks); the classic Notebook would then report port 0, so
   * it gets a random start port instead.
   */
  port: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a Jupyter server on 127.0.0.1 serving the checkout, as `npm run lab`
 * / `npm run notebook` do (with this checkout's kernel and export template),
 * over which a UI test works on a scratch copy of one folder under reports/
 * (dist/ and node_modules/ linked in beside it, so relative imports resolve as
 * in the project): it can run and save without touching the committed
 * notebooks. The copy lies inside the server's root because Jupyter serves no
 * file whose real path is outside it – charts fetch plotly.js from dist/.
 */
export async function startJupyterServer(options: ServerOptions): Promise<JupyterServer> {
  mkdirSync(join(ROOT, "reports"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "reports", `ui-${options.app}-`));
  mkdirSync(join(dir, options.folder), { recursive: true });
  cpSync(join(ROOT, options.folder), join(dir, options.folder), { recursive: true });
  symlinkSync(join(ROOT, "dist"), join(dir, "dist"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  const token = randomBytes(16).toString("hex");
  // `npm run lab` / `npm run notebook` put these first: the project's kernel and its offline export template.
  const { jupyterEnv } = await import("../../scripts/jupyter-env.mjs");
  const child: ChildProcess = spawn(options.jupyter, [options.app, ...options.flags(token, ROOT, options.port, dir)], {
    env: jupyterEnv({ ...process.env, ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((res) => child.once("exit", res));
  const port = await new Promise<number>((res, rej) => {
    let log = "";
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (url && log.includes("Use Control-C to stop this server")) res(Number(url[1]));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => rej(new Error(`jupyter ${options.app} exited with ${code}:\n${log}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}/`,
    token,
    folder: relative(ROOT, join(dir, options.folder)),
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A start port for servers that cannot take 0: anywhere in the unprivileged range below Linux's ephemeral ports. */
export const randomStartPort = (): number => randomInt(20_000, 32_000);
