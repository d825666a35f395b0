import { createRequire } from "node:module";
import { join } from "node:path";
// @ts-expect-error: a plain ES module of the kernel's, without type declarations
import { PATCHED_VERSIONS } from "../../scripts/kernel-patches.mjs";

const require = createRequire(join(__dirname, "..", "..", "package.json"));

describe("the kernel's patches to tslab and zeromq", () => {
  it("are written for the versions installed (another version is said in the kernel's log)", () => {
    const installed = Object.fromEntries(
      Object.keys(PATCHED_VERSIONS as Record<string, string>).map((name) => [
        name,
        (require(`${name}/package.json`) as { version: string }).version,
      ]),
    );
    expect(installed).toEqual(PATCHED_VERSIONS);
  });
});
