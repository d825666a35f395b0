import type { NotebookServer } from "./classic-notebook";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ROOT, startJupyterServer } from "./jupyter-server";

/**
 * A JupyterLab user's settings for a test server: no news, no update checks,
 * and every cell rendered (by default JupyterLab 4 renders only the cells in
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
  // A test saves when it means to: a notebook it only opens is never written.
  write("docmanager-extension:plugin", { autosave: false });
  return dir;
}

/**
 * The Jupyter config of the user a test plays (JUPYTER_CONFIG_DIR): JupyterLab's
 * application object exposed to the page, so a test drives it through its own
 * commands; workspaces and settings of this server only.
 */
const labUserConfig = (scratch: string): object => ({
  LabApp: {
    expose_app_in_browser: true,
    workspaces_dir: join(scratch, "lab-workspaces"),
    user_settings_dir: labSettings(scratch),
  },
  // Jupyter refuses to start as root without it; `npm run lab` passes it itself.
  ...(process.getuid?.() === 0 ? { ServerApp: { allow_root: true } } : {}),
});

function labServer(server: Awaited<ReturnType<typeof startJupyterServer>>): NotebookServer {
  return {
    launchUrl: server.launchUrl,
    notebookUrl: (name) => `${server.origin}lab/tree/${server.folder}/${name}?token=${server.token}`,
    htmlExportUrl: (name) =>
      `${server.origin}nbconvert/html/${server.folder}/${name}?download=true&token=${server.token}`,
    notebookPath: (name) => `${server.folder}/${name}`,
    withToken: server.withToken,
    stop: server.stop,
  };
}

/**
 * JupyterLab 4 as `npm run lab -- --port=0` starts it (any free port, bound by
 * the server, read from what it prints), with a scratch copy of `folder` inside
 * the checkout it serves.
 */
export async function startJupyterLab(folder: string, env: NodeJS.ProcessEnv = {}): Promise<NotebookServer> {
  return labServer(
    await startJupyterServer({
      command: ["npm", "run", "lab", "--", "--port=0"],
      cwd: ROOT,
      root: ROOT,
      folder,
      env,
      userConfig: labUserConfig,
    }),
  );
}

/**
 * A plain `jupyter lab --port=0` (the JupyterLab `npm install` set up) started
 * from the checkout's parent folder: no project config, no project kernel path;
 * the kernel is the one `npm install` registered for this checkout.
 */
export async function startPlainJupyterLab(folder: string, env: NodeJS.ProcessEnv = {}): Promise<NotebookServer> {
  const { jupyterFor } = await import("../../scripts/jupyter-env.mjs");
  const { jupyter, problem } = jupyterFor("lab");
  if (!jupyter) throw new Error(problem);
  const server = await startJupyterServer({
    command: [jupyter, "lab", "--port=0"],
    cwd: dirname(ROOT),
    root: dirname(ROOT),
    folder,
    env,
    userConfig: labUserConfig,
  });
  return labServer(server);
}

/** The name `npm install` registers this checkout's kernel under for a plain Jupyter. */
export async function checkoutKernelName(): Promise<string> {
  const { checkoutKernelName: name } = await import("../../scripts/jupyter-env.mjs");
  return name(ROOT);
}

export const CHECKOUT_FOLDER = basename(ROOT);
