import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

export const ROOT = resolve(__dirname, "..", "..");

export interface JupyterServer {
  /** http://127.0.0.1:PORT/ */
  origin: string;
  /** The token the server printed. */
  token: string;
  /** The URL the server opened in the browser at start (with its token). */
  launchUrl: string;
  /** `url` on this server with its token added (what a user's browser carries as a cookie). */
  withToken: (url: string) => string;
  /** Path from the server's root to the copy of the folder, e.g. "reports/ui-lab-x1y2/notebooks". */
  folder: string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /** The command and its arguments, exactly as a user types them. */
  command: string[];
  /** Where it is run from. */
  cwd: string;
  /** The folder the server serves (its root): the copy of `folder` is made inside it. */
  root: string;
  /** Folder of the checkout to copy (e.g. "notebooks"). */
  folder: string;
  env?: NodeJS.ProcessEnv;
  /** Jupyter server config of the user running it (JUPYTER_CONFIG_DIR), e.g. JupyterLab's settings. */
  userConfig?: (scratch: string) => object;
}

/**
 * Starts a Jupyter server by a user's command, and gives a UI test a scratch
 * copy of one folder of the checkout under reports/ (dist/ and node_modules/
 * linked in beside it, so relative imports resolve as in the project) to run
 * and save without touching the committed notebooks.
 *
 * The test stands where the user does. Its Jupyter user config dir
 * (JUPYTER_CONFIG_DIR) is a scratch one; its browser is named by BROWSER,
 * the variable Python's webbrowser reads, as a command that hands the test the
 * URL Jupyter opens; the port, the URL and the token are read from what the
 * server prints.
 */
export async function startJupyterServer(options: ServerOptions): Promise<JupyterServer> {
  mkdirSync(join(ROOT, "reports"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "reports", "ui-"));
  mkdirSync(join(dir, options.folder), { recursive: true });
  cpSync(join(ROOT, options.folder), join(dir, options.folder), { recursive: true });
  symlinkSync(join(ROOT, "dist"), join(dir, "dist"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  const scratch = mkdtempSync(join(tmpdir(), "guardrails-jupyter-user-"));
  const configDir = join(scratch, "config");
  mkdirSync(configDir);
  writeFileSync(join(configDir, "jupyter_server_config.json"), JSON.stringify(options.userConfig?.(scratch) ?? {}));
  const [command, ...args] = options.command as [string, ...string[]];
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, JUPYTER_CONFIG_DIR: configDir, BROWSER: "/bin/echo" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npm, the launcher and Jupyter are stopped together.
    detached: true,
  });
  const exited = new Promise((res) => child.once("exit", res));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const started = await new Promise<{ origin: string; token: string; opened: string }>((res, rej) => {
      let log = "";
      const onData = (chunk: Buffer): void => {
        log += chunk.toString();
        const url = /(http:\/\/127\.0\.0\.1:\d+\/)\S*\?token=([0-9a-f]+)/.exec(log);
        // What BROWSER printed: the file Jupyter asks the browser to open, which redirects to the app.
        const opened = /^file:\/\/(\S+\.html)$/m.exec(log);
        if (url && opened && log.includes("Use Control-C to stop this server"))
          res({ origin: url[1]!, token: url[2]!, opened: opened[1]! });
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.on("exit", (code) => rej(new Error(`${options.command.join(" ")} exited with ${code}:\n${log}`)));
    });
    const redirect = /url=(http[^"]+)"/.exec(readFileSync(started.opened, "utf8"));
    if (!redirect) throw new Error(`${started.opened} redirects nowhere`);
    return {
      origin: started.origin,
      token: started.token,
      launchUrl: redirect[1]!.replace(/&amp;/g, "&"),
      folder: relative(options.root, join(dir, options.folder)),
      withToken: (url) => `${url}${url.includes("?") ? "&" : "?"}token=${started.token}`,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
