import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root (this file is compiled to dist/report/). */
export const PROJECT_ROOT = resolve(__dirname, "..", "..");
/** The kernel registered by `npm install` (scripts/setup.mjs). */
export const KERNEL_NAME = "guardrails-ts";
const PROJECT_JUPYTER_PATH = join(PROJECT_ROOT, ".jupyter-project");
const REPORT_SOURCES = join(PROJECT_ROOT, "src", "report");
/** Where the build writes the report template's plotly.js include (scripts/build.mjs). */
const TEMPLATE_INCLUDES = join(PROJECT_ROOT, "dist", "vendor");

export const INSTALL_HINT = [
  "Jupyter (nbconvert + nbclient) is needed to run the notebook headless. Install it with one of:",
  "  Debian/Ubuntu:  sudo apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client",
  "  conda:          conda env create -f environment.yml && conda activate sagemaker-guardrails",
  "then run `npm install` again so the project's kernel is registered.",
].join("\n");

/** Environment for Jupyter commands: this checkout's kernelspec comes first. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  const paths = [PROJECT_JUPYTER_PATH, process.env.JUPYTER_PATH].filter(Boolean);
  return { ...process.env, JUPYTER_PATH: paths.join(":") };
}

/** The interpreter named by the `jupyter` launcher's shebang, if there is one on PATH. */
function launcherPython(): string | undefined {
  const which = spawnSync("sh", ["-c", "command -v jupyter"], { encoding: "utf8" });
  if (which.status !== 0) return undefined;
  const firstLine = readFileSync(which.stdout.trim(), "utf8").split("\n", 1)[0] ?? "";
  const parts = firstLine.replace(/^#!/, "").trim().split(/\s+/);
  return parts[0]?.endsWith("/env") ? parts[1] : parts[0];
}

let cachedPython: string | null | undefined;

/**
 * A Python that has nbclient and nbconvert: the one behind `jupyter` (a conda
 * env's, or Debian's), else python3 on PATH, else Debian's system Python.
 */
export function jupyterPython(): string | null {
  if (cachedPython !== undefined) return cachedPython;
  const candidates = [launcherPython(), "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  cachedPython =
    candidates.find(
      (python) =>
        spawnSync(python, ["-c", "import nbclient, nbconvert, jupyter_client"], { stdio: "ignore" }).status === 0,
    ) ?? null;
  return cachedPython;
}

/** Why the notebook cannot run headless here, or null when it can. */
export function jupyterProblem(): string | null {
  const python = jupyterPython();
  if (!python) return INSTALL_HINT;
  const probe = spawnSync(
    python,
    ["-c", "from jupyter_client.kernelspec import KernelSpecManager as K; print(' '.join(K().find_kernel_specs()))"],
    { env: jupyterEnv(), encoding: "utf8" },
  );
  if (!probe.stdout.split(/\s+/).includes(KERNEL_NAME)) {
    return `The Jupyter kernel "${KERNEL_NAME}" is not registered. Run \`npm install\` in ${PROJECT_ROOT}.`;
  }
  return null;
}

export interface CommandResult {
  code: number;
  output: string;
}

function run(python: string, args: string[], echo: (chunk: string) => void): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, { env: jupyterEnv(), cwd: PROJECT_ROOT });
    let output = "";
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      output += text;
      echo(text);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

function requirePython(): string {
  const python = jupyterPython();
  if (!python) throw new Error(INSTALL_HINT);
  return python;
}

/**
 * Executes `notebook` with the project kernel and writes the executed copy to
 * `target`, also when a cell fails (then the output names the cell and its error).
 */
export function executeNotebook(
  notebook: string,
  target: string,
  timeoutSeconds: number,
  echo: (chunk: string) => void = () => {},
): Promise<CommandResult> {
  const driver = join(REPORT_SOURCES, "execute_notebook.py");
  return run(requirePython(), [driver, notebook, target, KERNEL_NAME, String(timeoutSeconds)], echo);
}

/** Exports an executed notebook as the self-contained, offline HTML report. */
export function exportHtml(
  executedNotebook: string,
  outDir: string,
  echo: (chunk: string) => void = () => {},
): Promise<CommandResult> {
  return run(
    requirePython(),
    [
      "-m",
      "nbconvert",
      "--to",
      "html",
      executedNotebook,
      "--output-dir",
      outDir,
      "--template",
      "guardrails-report",
      `--TemplateExporter.extra_template_basedirs=${join(REPORT_SOURCES, "templates")}`,
      `--TemplateExporter.extra_template_paths=${TEMPLATE_INCLUDES}`,
    ],
    echo,
  );
}
