// Where this checkout's Jupyter comes from, shared by `npm install`
// (scripts/setup.mjs), `npm run lab` / `npm run notebook` (scripts/jupyter.mjs)
// and the browser tests: the active conda env's Jupyter; else the system's,
// when it has the app; else a project-local virtual environment with the app
// installed by pip through the machine's own pip configuration.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PROJECT_JUPYTER_PATH = join(root, ".jupyter-project");
/** The project-local environment (gitignored), used when neither conda nor the system has the app. */
export const VENV = join(root, ".venv-jupyter");
/** The name the notebooks ask for; the project's own Jupyter path (npm start, npm run lab/notebook) has it. */
export const KERNEL_NAME = "guardrails-ts";

/**
 * The kernel's name for the user's (or conda env's) Jupyter, where every
 * checkout registers: one per checkout path, so installing a second clone never
 * repoints the first clone's kernel at the second clone's code.
 */
export function checkoutKernelName(checkout = root) {
  const folder = basename(checkout)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-");
  return `${KERNEL_NAME}-${folder}-${createHash("sha256").update(checkout).digest("hex").slice(0, 8)}`;
}

/**
 * The pip packages each app needs. pip's `plotly` ships the jupyterlab-plotly
 * prebuilt extension, with which JupyterLab draws the charts' Plotly figures.
 */
const PACKAGES = { lab: ["jupyterlab", "plotly"], notebook: ["notebook"] };

/** The prebuilt JupyterLab extension of pip's (and conda's) `plotly`, in an environment's prefix. */
const plotlyExtension = (prefix) => join(prefix, "share", "jupyter", "labextensions", "jupyterlab-plotly");

/**
 * Jupyter's environment for this checkout: its kernel (.jupyter-project
 * first on JUPYTER_PATH) and its server config (the offline export template).
 */
export function jupyterEnv(base = process.env) {
  const first = (dir, rest) => [dir, rest].filter(Boolean).join(":");
  return {
    ...base,
    JUPYTER_PATH: first(PROJECT_JUPYTER_PATH, base.JUPYTER_PATH),
    JUPYTER_CONFIG_PATH: first(join(PROJECT_JUPYTER_PATH, "config"), base.JUPYTER_CONFIG_PATH),
  };
}

const runs = (command, args) => spawnSync(command, args, { stdio: "ignore", env: jupyterEnv() }).status === 0;

/** The `jupyter` launcher that has `app`, or undefined. */
function findJupyter(app) {
  const candidates = [];
  if (process.env.CONDA_PREFIX) candidates.push(join(process.env.CONDA_PREFIX, "bin", "jupyter"));
  else candidates.push("jupyter", join(VENV, "bin", "jupyter"));
  return candidates.find((jupyter) => runs(jupyter, [app, "--version"]));
}

/** The environment prefix of a `jupyter` launcher inside a conda env or the project venv, else undefined. */
function ownPrefix(jupyter) {
  if (process.env.CONDA_PREFIX && jupyter.startsWith(process.env.CONDA_PREFIX)) return process.env.CONDA_PREFIX;
  return jupyter.startsWith(VENV) ? VENV : undefined;
}

/** pip-installs `packages` into the project venv (made with `python` when missing); returns a problem or undefined. */
function pipInstall(python, packages, log) {
  const pip = join(VENV, "bin", "pip");
  log(`[jupyter] Installing ${packages.join(", ")} into ${VENV} with pip …`);
  if (!existsSync(pip)) {
    const made = spawnSync(python, ["-m", "venv", VENV], { stdio: "inherit" });
    if (made.status !== 0) return `\`${python} -m venv ${VENV}\` failed.`;
  }
  // pip's own configuration (index, mirrors, certificates) decides where packages come from;
  // no retries, so an unreachable index fails in seconds instead of minutes.
  const installed = spawnSync(pip, ["install", "--retries", "0", "--disable-pip-version-check", ...packages], {
    stdio: "inherit",
  });
  return installed.status === 0 ? undefined : `\`${pip} install ${packages.join(" ")}\` failed (see above).`;
}

/**
 * The `jupyter` launcher for `app` ("lab" or "notebook"), installing the app
 * into the project-local venv when nothing has it (and JupyterLab's plotly
 * extension into that venv when it lacks it). Inside a conda env the env is the
 * user's to manage: then it only says what is missing.
 * Returns { jupyter } or { problem } (a message naming the fix).
 */
export function jupyterFor(app, log = console.log) {
  const found = findJupyter(app);
  const prefix = found && ownPrefix(found);
  if (found && (app !== "lab" || !prefix || existsSync(plotlyExtension(prefix)))) return { jupyter: found };
  if (process.env.CONDA_PREFIX) {
    const missing = found ? "JupyterLab's plotly extension (the `plotly` package)" : `\`jupyter ${app}\``;
    return {
      problem: `The conda env ${process.env.CONDA_PREFIX} has no ${missing}: run \`conda env update -f environment.yml\`.`,
    };
  }
  const python = ["python3", "/usr/bin/python3"].find((p) => runs(p, ["-m", "venv", "--help"]));
  if (!python)
    return {
      problem: "Python 3 with its venv module is needed to install JupyterLab (Debian: apt-get install python3-venv).",
    };
  const problem = pipInstall(python, PACKAGES[app], log);
  if (problem) return { problem };
  const jupyter = join(VENV, "bin", "jupyter");
  return runs(jupyter, [app, "--version"])
    ? { jupyter }
    : { problem: `${PACKAGES[app].join(", ")} installed into ${VENV}, but \`jupyter ${app}\` does not run.` };
}
