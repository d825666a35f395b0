import type { NotebookServer } from "./classic-notebook";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startJupyterServer } from "./jupyter-server";

/**
 * JupyterLab user settings for a test server: no news, no update checks, and
 * every cell rendered (by default JupyterLab 4 renders only the cells in
 * view, so a test could not count a notebook's charts without scrolling).
 */
function labSettings(scratch: string): string {
  const dir = join(scratch, "lab-settings");
  const write = (plugin: string, settings: object): void => {
    mkdirSync(join(dir, "@jupyterlab", plugin.split(":")[0]!), { recursive: true });
    writeFileSync(
      join(dir, "@jupyterlab", `${plugin.replace(":", "/")}.jupyterlab-settings`),
      JSON.stringify(settings),
    );
  };
  write("apputils-extension:notification", { fetchNews: "false", checkForUpdates: false });
  write("notebook-extension:tracker", { windowingMode: "none" });
  return dir;
}

/**
 * JupyterLab 4 (`npm run lab`'s: the conda env's, the system's or the
 * project venv's, installed on demand) on 127.0.0.1 over a scratch copy of
 * `folder`, with the application object exposed to the page so a test can
 * drive it through its own commands.
 */
export async function startJupyterLab(folder: string, env: NodeJS.ProcessEnv = {}): Promise<NotebookServer> {
  const { jupyterFor } = await import("../../scripts/jupyter-env.mjs");
  const { jupyter, problem } = jupyterFor("lab");
  if (!jupyter) throw new Error(problem);
  const server = await startJupyterServer({
    jupyter,
    app: "lab",
    folder,
    env,
    port: 0,
    flags: (token, root, port, scratch) => [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${root}`,
      "--LabApp.expose_app_in_browser=True",
      // Workspaces and settings of this server only (the user's are shared): no news, no update checks.
      `--LabApp.workspaces_dir=${join(scratch, "lab-workspaces")}`,
      `--LabApp.user_settings_dir=${labSettings(scratch)}`,
      "--allow-root",
    ],
  });
  return {
    notebookUrl: (name) => `${server.origin}lab/tree/${server.folder}/${name}?token=${server.token}`,
    htmlExportUrl: (name) =>
      `${server.origin}nbconvert/html/${server.folder}/${name}?download=true&token=${server.token}`,
    stop: server.stop,
  };
}
