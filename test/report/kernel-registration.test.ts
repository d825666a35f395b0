import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../support/jupyter-server";

const run = promisify(execFile);

describe("kernel registration by npm install (scripts/setup.mjs)", () => {
  let dir: string;
  let data: string;
  const checkouts = (): string[] => ["first", "second"].map((c) => join(dir, c, "guardrails"));
  const kernels = (): Record<string, string> =>
    Object.fromEntries(
      readdirSync(join(data, "kernels")).map((k) => [
        k,
        (JSON.parse(readFileSync(join(data, "kernels", k, "kernel.json"), "utf8")) as { argv: string[] }).argv[1] ?? "",
      ]),
    );
  const install = (checkout: string) =>
    run(process.execPath, [join(checkout, "scripts", "setup.mjs")], {
      // Jupyter's user data dir in a scratch folder; JupyterLab found where this checkout has it, so nothing is installed.
      env: {
        ...process.env,
        CONDA_PREFIX: "",
        JUPYTER_DATA_DIR: data,
        PATH: `${join(ROOT, ".venv-jupyter", "bin")}:${process.env.PATH}`,
      },
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "guardrails-clones-"));
    data = join(dir, "jupyter-data");
    // Two clones with the same folder name, as two checkouts of the project would have.
    for (const checkout of checkouts()) {
      mkdirSync(checkout, { recursive: true });
      cpSync(join(ROOT, "scripts"), join(checkout, "scripts"), { recursive: true });
      cpSync(join(ROOT, "package.json"), join(checkout, "package.json"));
      // npm runs the install script once the packages are in place (setup builds plotly.js from them).
      symlinkSync(join(ROOT, "node_modules"), join(checkout, "node_modules"));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each checkout its own user kernel: installing a second clone leaves the first one's alone", async () => {
    const [first, second] = checkouts() as [string, string];
    // What earlier versions left: the shared name, pointing at the first clone.
    mkdirSync(join(data, "kernels", "guardrails-ts"), { recursive: true });
    writeFileSync(
      join(data, "kernels", "guardrails-ts", "kernel.json"),
      JSON.stringify({ argv: ["node", join(first, "scripts", "kernel.mjs")] }),
    );
    const secondLog = await install(second);
    expect(secondLog.stderr).toContain(`runs another checkout's code (${join(first, "scripts", "kernel.mjs")})`);
    await install(first);
    const registered = kernels();
    expect(Object.keys(registered)).toHaveLength(2);
    expect(Object.values(registered).sort()).toEqual(
      [join(first, "scripts", "kernel.mjs"), join(second, "scripts", "kernel.mjs")].sort(),
    );
    expect(Object.keys(registered).every((name) => /^guardrails-ts-guardrails-[0-9a-f]{8}$/.test(name))).toBe(true);
    // The notebook's own name stays in each checkout's project path, pointing at that checkout.
    for (const checkout of [first, second]) {
      const spec = JSON.parse(
        readFileSync(join(checkout, ".jupyter-project", "kernels", "guardrails-ts", "kernel.json"), "utf8"),
      ) as { argv: string[] };
      expect(spec.argv[1]).toBe(join(checkout, "scripts", "kernel.mjs"));
    }
    expect(existsSync(join(data, "kernels", "guardrails-ts"))).toBe(false);
  }, 900_000);
});
