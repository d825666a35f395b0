// npm postinstall: registers this project's tslab kernel and makes sure the
// system tools the notebook run and the tests need are present (JupyterLab too).
// Plain JavaScript because it runs before anything is compiled.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { buildPlotlyBundle, NBEXTENSIONS, TEMPLATE_INCLUDES } from "./build.mjs";
import { checkoutKernelName, jupyterFor, KERNEL_NAME, PROJECT_JUPYTER_PATH, root } from "./jupyter-env.mjs";

const CHECKOUT_KERNEL_NAME = checkoutKernelName();

// Debian 12 packages: Jupyter for the headless notebook run (npm start), and for
// the tests the classic Notebook UI, Chromium, the AWS CLI / boto3 (wire-protocol tests) and a
// real XGBoost to compare the emulator's predictions with.
const DEBIAN_PACKAGES = {
  "jupyter-nbconvert": () => hasPython("nbconvert"),
  "python3-nbclient": () => hasPython("nbclient"),
  "python3-ipykernel": () => hasPython("ipykernel"),
  "jupyter-client": () => hasPython("jupyter_client"),
  "jupyter-notebook": () => hasPython("notebook"),
  chromium: () => existsSync("/usr/bin/chromium"),
  awscli: () => existsSync("/usr/bin/aws"),
  "python3-boto3": () => hasPython("boto3"),
  "python3-xgboost": () => hasPython("xgboost"),
};

function hasPython(module) {
  const r = spawnSync("/usr/bin/python3", ["-c", `import ${module}`], { stdio: "ignore" });
  return r.status === 0;
}

function kernelSpec(displayName) {
  return {
    argv: [process.execPath, join(root, "scripts", "kernel.mjs"), "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    env: {
      GUARDRAILS_PROJECT_ROOT: root,
      // The SDK versions are pinned (package-lock.json) and run on Node 20; its notice
      // about future releases needing Node 22 would only clutter every notebook.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  };
}

function writeKernelSpec(dataDir, name, displayName) {
  const dir = join(dataDir, "kernels", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelSpec(displayName), null, 2) + "\n");
  return dir;
}

/**
 * Earlier versions registered the shared name `guardrails-ts` for the user,
 * pointing at whichever checkout installed last. Remove it when it is this
 * checkout's; name its owner when it is another's.
 */
function retireSharedUserKernel(dataDir) {
  const dir = join(dataDir, "kernels", KERNEL_NAME);
  const spec = join(dir, "kernel.json");
  if (!existsSync(spec)) return;
  const script = JSON.parse(readFileSync(spec, "utf8")).argv?.[1] ?? "";
  if (script === join(root, "scripts", "kernel.mjs")) rmSync(dir, { recursive: true, force: true });
  else
    console.warn(
      `[setup] ${dir} runs another checkout's code (${script}); remove it with \`jupyter kernelspec remove ${KERNEL_NAME}\` there.`,
    );
}

/** Where Jupyter looks for per-user (or per-conda-env) kernels. */
function userJupyterDataDir() {
  if (process.env.CONDA_PREFIX) return join(process.env.CONDA_PREFIX, "share", "jupyter");
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  return join(process.env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

function installDebianPackages() {
  const isDebian = existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
  // Inside a conda env Jupyter comes from environment.yml; the system is left alone.
  if (!isDebian || process.env.CONDA_PREFIX) return;
  const missing = Object.entries(DEBIAN_PACKAGES)
    .filter(([, present]) => !present())
    .map(([name]) => name);
  if (missing.length === 0) return;
  // Other installs may hold the dpkg lock for a while (e.g. two checkouts installing at once): wait for it.
  const command = `apt-get -o DPkg::Lock::Timeout=900 update && apt-get -o DPkg::Lock::Timeout=900 install -y ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    console.warn(`[setup] Missing system packages. Run as root:\n  sudo sh -c '${command}'`);
    return;
  }
  console.log(`[setup] Installing Debian packages: ${missing.join(" ")}`);
  execFileSync("sh", ["-c", command], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

/**
 * Jupyter server config that makes "Export / Download as HTML" in JupyterLab
 * and the classic Notebook use the offline report template (no CDN), and the
 * classic Notebook serve plotly.js to chart outputs at nbextensions/guardrails-plotly/
 * and give cells their ids before it signs a notebook it saves (scripts/cell-ids-before-signing.py).
 * `npm run lab` / `npm run notebook` put this folder on JUPYTER_CONFIG_PATH.
 */
function writeServerConfig() {
  const dir = join(PROJECT_JUPYTER_PATH, "config");
  mkdirSync(dir, { recursive: true });
  const exporter = {
    HTMLExporter: {
      template_name: "guardrails-report",
      extra_template_basedirs: [join(root, "src", "report", "templates")],
      // The template's plotly.js include, written by the build.
      extra_template_paths: [TEMPLATE_INCLUDES],
    },
  };
  const write = (file, config) => writeFileSync(join(dir, file), JSON.stringify(config, null, 2) + "\n");
  write("jupyter_server_config.json", exporter);
  write("jupyter_notebook_config.json", { ...exporter, NotebookApp: { extra_nbextensions_path: [NBEXTENSIONS] } });
  // A function is config only in Python: the classic Notebook's pre-save hook, so a saved notebook reopens trusted.
  const hook = join(root, "scripts", "cell-ids-before-signing.py");
  writeFileSync(
    join(dir, "jupyter_notebook_config.py"),
    `import runpy\n\nc.ContentsManager.pre_save_hook = runpy.run_path(${JSON.stringify(hook)})["give_cells_unique_ids"]\n`,
  );
}

/** JupyterLab for `npm run lab` and the browser tests; a failure here is only reported (npm run lab retries). */
function installJupyterLab() {
  const { problem } = jupyterFor("lab", (line) => console.log(`[setup] ${line}`));
  if (problem) console.warn(`[setup] JupyterLab is not available yet: ${problem}`);
}

function main() {
  installDebianPackages();
  installJupyterLab();
  writeServerConfig();
  // What the server config points at: the export template's plotly.js include and the classic Notebook's nbextension.
  buildPlotlyBundle();
  // npm start and npm run lab / notebook put JUPYTER_PATH here, so the notebook's kernel name is this checkout's kernel.
  writeKernelSpec(PROJECT_JUPYTER_PATH, KERNEL_NAME, "TypeScript (SageMaker guardrails)");
  // A plain `jupyter lab` finds this checkout's kernel in the user's (or conda env's) data dir, under its own name.
  const userData = userJupyterDataDir();
  retireSharedUserKernel(userData);
  const userDir = writeKernelSpec(userData, CHECKOUT_KERNEL_NAME, `TypeScript (SageMaker guardrails, ${root})`);
  console.log(`[setup] Registered Jupyter kernel "${CHECKOUT_KERNEL_NAME}" for this checkout (${userDir})`);
}

if (process.env.GUARDRAILS_SKIP_SETUP !== "1") main();
