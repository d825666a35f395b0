import { spawnSync } from "node:child_process";
import { ROOT, startJupyterServer } from "./jupyter-server";
import type { Tool } from "./tools";

export const CLASSIC_NOTEBOOK: Tool = {
  name: "the classic Jupyter Notebook (jupyter notebook)",
  install: "apt-get install jupyter-notebook",
  present: () => spawnSync("jupyter", ["notebook", "--version"], { stdio: "ignore" }).status === 0,
};

export interface NotebookServer {
  /** The URL the command opened in the browser at start (with its token). */
  launchUrl: string;
  /** URL that opens `<folder>/<name>` (the scratch copy) in the UI, token included. */
  notebookUrl(name: string): string;
  /** URL of "Download as HTML" / "Export Notebook As → HTML" for the saved `<folder>/<name>`. */
  htmlExportUrl(name: string): string;
  /** `url` on this server with its token added (what a user's browser carries as a cookie). */
  withToken(url: string): string;
  /** Path of the scratch copy of `<folder>/<name>` from the server's root. */
  notebookPath(name: string): string;
  stop(): Promise<void>;
}

/**
 * The classic Jupyter Notebook (6) as `npm run notebook` starts it, with a
 * scratch copy of `folder` inside the checkout it serves (see startJupyterServer).
 * No port is asked for: the Notebook binds 8888 or, when that is taken, the
 * next free port it finds itself (it would print port 0 for --port=0).
 */
export async function startClassicNotebook(folder: string, env: NodeJS.ProcessEnv = {}): Promise<NotebookServer> {
  const server = await startJupyterServer({
    command: ["npm", "run", "notebook"],
    cwd: ROOT,
    root: ROOT,
    folder,
    env,
  });
  return {
    launchUrl: server.launchUrl,
    notebookUrl: (name) => `${server.origin}notebooks/${server.folder}/${name}?token=${server.token}`,
    htmlExportUrl: (name) =>
      `${server.origin}nbconvert/html/${server.folder}/${name}?download=true&token=${server.token}`,
    notebookPath: (name) => `${server.folder}/${name}`,
    withToken: server.withToken,
    stop: server.stop,
  };
}
