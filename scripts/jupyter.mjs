// `npm run lab` / `npm run notebook`: starts JupyterLab (or the classic
// Notebook) on 127.0.0.1 with this checkout's kernel and its offline HTML
// export template, opening the project's notebook. Jupyter comes from the
// conda env, the system, or a project-local venv (see jupyter-env.mjs).
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
const child = spawn(
  jupyter,
  [app, "--ip=127.0.0.1", ...asRoot, join(root, "notebooks", "guardrails.ipynb"), ...process.argv.slice(3)],
  {
    env: jupyterEnv(),
    stdio: "inherit",
    cwd: root,
  },
);
child.on("exit", (code) => process.exit(code ?? 0));
