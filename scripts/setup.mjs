// npm postinstall: registers this project's tslab kernel and makes sure the
// system tools the notebook run and the tests need are present.
// Plain JavaScript because it runs before anything is compiled.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KERNEL_NAME = "guardrails-ts";
const PROJECT_JUPYTER_PATH = join(root, ".jupyter-project");

// Debian 12 packages: Jupyter for the headless notebook run (npm start), and for
// the tests the classic Notebook UI, Chromium and the AWS CLI / boto3 (wire-protocol tests).
const DEBIAN_PACKAGES = {
  "jupyter-nbconvert": () => hasPython("nbconvert"),
  "python3-nbclient": () => hasPython("nbclient"),
  "python3-ipykernel": () => hasPython("ipykernel"),
  "jupyter-client": () => hasPython("jupyter_client"),
  "jupyter-notebook": () => hasPython("notebook"),
  chromium: () => existsSync("/usr/bin/chromium"),
  awscli: () => existsSync("/usr/bin/aws"),
  "python3-boto3": () => hasPython("boto3"),
};

function hasPython(module) {
  const r = spawnSync("/usr/bin/python3", ["-c", `import ${module}`], { stdio: "ignore" });
  return r.status === 0;
}

function kernelSpec() {
  return {
    argv: [process.execPath, join(root, "scripts", "kernel.mjs"), "{connection_file}"],
    display_name: "TypeScript (SageMaker guardrails)",
    language: "typescript",
    env: {
      GUARDRAILS_PROJECT_ROOT: root,
      // The SDK versions are pinned (package-lock.json) and run on Node 20; its notice
      // about future releases needing Node 22 would only clutter every notebook.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  };
}

function writeKernelSpec(dataDir) {
  const dir = join(dataDir, "kernels", KERNEL_NAME);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelSpec(), null, 2) + "\n");
  return dir;
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
  // Another apt run (unattended upgrades, a second checkout installing) holds the lock for a while: wait for it.
  const command = `apt-get -o DPkg::Lock::Timeout=600 update && apt-get -o DPkg::Lock::Timeout=600 install -y ${missing.join(" ")}`;
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
 * and the classic Notebook use the offline report template (no CDN).
 * `npm run lab` / `npm run notebook` put this folder on JUPYTER_CONFIG_PATH.
 */
function writeServerConfig() {
  const dir = join(PROJECT_JUPYTER_PATH, "config");
  mkdirSync(dir, { recursive: true });
  const config = {
    HTMLExporter: {
      template_name: "guardrails-report",
      extra_template_basedirs: [join(root, "src", "report", "templates")],
    },
  };
  for (const file of ["jupyter_server_config.json", "jupyter_notebook_config.json"]) {
    writeFileSync(join(dir, file), JSON.stringify(config, null, 2) + "\n");
  }
}

function main() {
  installDebianPackages();
  writeServerConfig();
  // Headless runs point JUPYTER_PATH here, so they always use this checkout's kernel.
  writeKernelSpec(PROJECT_JUPYTER_PATH);
  // Interactive JupyterLab / Notebook sessions find it in the user's (or conda env's) data dir.
  const userDir = writeKernelSpec(userJupyterDataDir());
  console.log(`[setup] Registered Jupyter kernel "${KERNEL_NAME}" (${userDir})`);
}

if (process.env.GUARDRAILS_SKIP_SETUP !== "1") main();
