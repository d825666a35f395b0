import { spawnSync } from "node:child_process";
import { randomStartPort, startJupyterServer } from "./jupyter-server";
import type { Tool } from "./tools";

export const CLASSIC_NOTEBOOK: Tool = {
  name: "the classic Jupyter Notebook (jupyter notebook)",
  install: "apt-get install jupyter-notebook",
  present: () => spawnSync("jupyter", ["notebook", "--version"], { stdio: "ignore" }).status === 0,
};

export interface NotebookServer {
  /** URL that opens `<folder>/<name>` in the UI, token included. */
  notebookUrl(name: string): string;
  /** URL of "Download as HTML" / "Export Notebook As → HTML" for the saved `<folder>/<name>`. */
  htmlExportUrl(name: string): string;
  stop(): Promise<void>;
}

/**
 * Debian's classic Jupyter Notebook (6) on 127.0.0.1 over a scratch copy of
 * `folder` (see startJupyterServer).
 */
export async function startClassicNotebook(folder: string, env: NodeJS.ProcessEnv = {}): Promise<NotebookServer> {
  const server = await startJupyterServer({
    jupyter: "jupyter",
    app: "notebook",
    folder,
    env,
    port: randomStartPort(),
    flags: (token, root, port) => [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=50",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${root}`,
      // CI runs as root; the server still binds 127.0.0.1 only and requires the token.
      "--allow-root",
    ],
  });
  return {
    notebookUrl: (name) => `${server.origin}notebooks/${server.folder}/${name}?token=${server.token}`,
    htmlExportUrl: (name) =>
      `${server.origin}nbconvert/html/${server.folder}/${name}?download=true&token=${server.token}`,
    stop: server.stop,
  };
}
