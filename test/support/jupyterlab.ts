import type { NotebookServer } from "./classic-notebook";
import { startJupyterServer } from "./jupyter-server";

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
    flags: (token, root, port) => [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${root}`,
      "--LabApp.expose_app_in_browser=True",
      // No announcements or update checks: the test runs offline.
      "--LabApp.news_url=",
      "--allow-root",
    ],
  });
  return {
    notebookUrl: (name) => `${server.origin}lab/tree/${server.folder}/${name}?token=${server.token}`,
    htmlExportUrl: (name) => `${server.origin}nbconvert/html/${server.folder}/${name}?download=true&token=${server.token}`,
    stop: server.stop,
  };
}
