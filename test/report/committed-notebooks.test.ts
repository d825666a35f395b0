import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readNotebook } from "../support/notebook";

const ROOT = join(__dirname, "..", "..");
const FOLDERS = ["notebooks", "test/fixtures"];

describe("committed notebooks", () => {
  const files = FOLDERS.flatMap((folder) =>
    readdirSync(join(ROOT, folder))
      .filter((f) => f.endsWith(".ipynb"))
      .map((f) => join(folder, f)),
  );

  it.each(files)("%s carries no outputs and uses the project kernel", (file) => {
    const nb = readNotebook(join(ROOT, file));
    expect(nb.metadata.kernelspec?.name).toBe("guardrails-ts");
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
    }
  });
});
