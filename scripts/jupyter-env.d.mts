// Types of jupyter-env.mjs for the TypeScript tests that import it.
export const root: string;
export const PROJECT_JUPYTER_PATH: string;
export const VENV: string;
export function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function jupyterFor(
  app: "lab" | "notebook",
  log?: (line: string) => void,
): { jupyter?: string; problem?: string };
export const KERNEL_NAME: string;
export function checkoutKernelName(checkout?: string): string;
