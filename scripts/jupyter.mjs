// `npm run lab` / `npm run notebook`: starts JupyterLab (or the classic
// Notebook) on 127.0.0.1 with this checkout's kernel and its offline HTML
// export template, opening the project's notebook.
import { spawn, spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const project = join(root, ".jupyter-project");
const app = process.argv[2] === "notebook" ? "notebook" : "lab";
const env = {
  ...process.env,
  JUPYTER_PATH: [project, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
  JUPYTER_CONFIG_PATH: [join(project, "config"), process.env.JUPYTER_CONFIG_PATH].filter(Boolean).join(":"),
};

if (spawnSync("jupyter", [app, "--version"], { env, stdio: "ignore" }).status !== 0) {
  console.error(
    app === "lab"
      ? "JupyterLab is not installed. Use the conda env (environment.yml), `pip install jupyterlab`, or `npm run notebook` for the classic UI (Debian: apt-get install jupyter-notebook)."
      : "The classic Jupyter Notebook is not installed (Debian: apt-get install jupyter-notebook).",
  );
  process.exit(2);
}
const child = spawn("jupyter", [app, "--ip=127.0.0.1", join(root, "notebooks", "guardrails.ipynb"), ...process.argv.slice(3)], {
  env,
  stdio: "inherit",
  cwd: root,
});
child.on("exit", (code) => process.exit(code ?? 0));
