import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./ports";

const ROOT = resolve(__dirname, "..", "..");

export interface NotebookServer {
  /** URL that opens `<folder>/<name>` in the classic UI, token included. */
  notebookUrl(name: string): string;
  /** URL of "Download as HTML" for the saved `<folder>/<name>`. */
  htmlExportUrl(name: string): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's classic Jupyter Notebook server on 127.0.0.1 over a scratch
 * copy of one folder of notebooks (dist/ and node_modules/ linked in at the
 * root, so relative imports resolve as in the project), so a UI test can run
 * and autosave without touching the committed notebooks.
 */
export async function startClassicNotebook(folder: string, env: NodeJS.ProcessEnv = {}): Promise<NotebookServer> {
  const dir = mkdtempSync(join(tmpdir(), "guardrails-ui-"));
  mkdirSync(join(dir, folder), { recursive: true });
  cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  symlinkSync(join(ROOT, "dist"), join(dir, "dist"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const child: ChildProcess = spawn(
    "jupyter",
    [
      "notebook",
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${dir}`,
      "--NotebookApp.open_browser=False",
      // CI runs as root; the server still binds 127.0.0.1 only and requires the token.
      "--allow-root",
    ],
    {
      env: {
        ...process.env,
        ...env,
        // As `npm run notebook` sets them: the project's kernel and its offline export template.
        JUPYTER_PATH: join(ROOT, ".jupyter-project"),
        JUPYTER_CONFIG_PATH: join(ROOT, ".jupyter-project", "config"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((res, rej) => {
    let log = "";
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes(`127.0.0.1:${port}`)) res();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => rej(new Error(`jupyter notebook exited with ${code}:\n${log}`)));
  });
  return {
    notebookUrl: (name) => `http://127.0.0.1:${port}/notebooks/${folder}/${name}?token=${token}`,
    htmlExportUrl: (name) => `http://127.0.0.1:${port}/nbconvert/html/${folder}/${name}?download=true&token=${token}`,
    stop: async () => {
      const exited = new Promise((res) => child.once("exit", res));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
