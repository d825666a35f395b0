// `npm run lab` / `npm run notebook`: starts JupyterLab (or the classic
// Notebook) on 127.0.0.1 with this checkout's kernel and its offline HTML
// export template, serving the checkout and opening notebooks/guardrails.ipynb
// in it. Jupyter comes from the conda env, the system, or a project-local venv
// (see jupyter-env.mjs). Arguments after `--` go to Jupyter (e.g. --no-browser, --port=0).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { jupyterEnv, jupyterFor, root } from "./jupyter-env.mjs";

const app = process.argv[2] === "notebook" ? "notebook" : "lab";
const { jupyter, problem } = jupyterFor(app);
if (problem) {
  console.error(problem);
  process.exit(2);
}
// Jupyter refuses to start as root without this; containers and CI often run as root.
const asRoot = process.getuid?.() === 0 ? ["--allow-root"] : [];
// Given a notebook's path, Jupyter serves only the notebook's folder unless told its root.
const rootDir = app === "lab" ? `--ServerApp.root_dir=${root}` : `--notebook-dir=${root}`;
const child = spawn(
  jupyter,
  [app, "--ip=127.0.0.1", rootDir, ...asRoot, join(root, "notebooks", "guardrails.ipynb"), ...process.argv.slice(3)],
  {
    env: jupyterEnv(),
    stdio: "inherit",
    cwd: root,
  },
);
// A terminal's Ctrl-C reaches Jupyter itself (it asks before stopping); a SIGTERM or SIGHUP sent to
// this process (a service manager, a closed session) stops Jupyter and its kernels with it.
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
process.on("SIGINT", () => {});
child.on("exit", (code) => process.exit(code ?? 0));
