import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readNotebook } from "../support/notebook";

const NOTEBOOKS = join(__dirname, "..", "..", "notebooks");

describe("committed notebooks", () => {
  const files = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb"));

  it.each(files)("%s carries no outputs and uses the project kernel", (file) => {
    const nb = readNotebook(join(NOTEBOOKS, file));
    expect(nb.metadata.kernelspec?.name).toBe("guardrails-ts");
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
    }
  });
});
