import { CLASSIC_NOTEBOOK, startClassicNotebook, type NotebookServer } from "../support/classic-notebook";
import { describeWithTools } from "../support/tools";

interface Cell {
  cell_type: string;
  id?: string;
  source?: string;
  execution_count?: number | null;
  metadata: { trusted?: boolean };
  outputs?: object[];
}
interface NotebookModel {
  content: { cells: Cell[]; nbformat: number; nbformat_minor: number };
}

/** A chart-like output: HTML with a script, which the Notebook runs only in a trusted notebook. */
const CHART_OUTPUT = {
  output_type: "display_data",
  data: { "text/html": "<div>chart</div><script>draw()</script>", "text/plain": "chart" },
  metadata: {},
};

describeWithTools([CLASSIC_NOTEBOOK], "a notebook saved in the classic Notebook (npm run notebook)", () => {
  let server: NotebookServer;
  let contentsUrl: string;
  beforeAll(async () => {
    server = await startClassicNotebook("notebooks");
    const origin = new URL(server.launchUrl).origin;
    contentsUrl = server.withToken(`${origin}/api/contents/${server.notebookPath("guardrails.ipynb")}`);
  }, 120_000);
  afterAll(() => server?.stop());

  const load = async (): Promise<NotebookModel> => {
    const response = await fetch(contentsUrl);
    expect(response.status).toBe(200);
    return (await response.json()) as NotebookModel;
  };

  it("reopens trusted after its user ran a new cell and a pasted copy of a cell (no id, a repeated id)", async () => {
    const opened = await load();
    expect(opened.content.nbformat_minor).toBeGreaterThanOrEqual(5);
    const cells = opened.content.cells;
    const ids = cells.map((c) => c.id);
    const first = cells.find((c) => c.cell_type === "code")!;
    // What the classic Notebook sends on save: each code cell says whether its outputs were made in this
    // session; a cell it created has no id; a pasted cell repeats the id of the cell it was copied from.
    for (const cell of cells) if (cell.cell_type === "code") cell.metadata.trusted = false;
    const ran = (cell: Cell): Cell => ({ ...cell, metadata: { trusted: true }, outputs: [CHART_OUTPUT] });
    const created = ran({ cell_type: "code", source: "gr.show(figure)", execution_count: 1, metadata: {} });
    cells.push(created, ran({ ...first, execution_count: 2 }));
    const saved = await fetch(contentsUrl, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "notebook", content: opened.content }),
    });
    expect(saved.status).toBe(200);

    const reopened = (await load()).content.cells;
    expect(reopened.filter((c) => c.cell_type === "code").map((c) => c.metadata.trusted)).not.toContain(false);
    const reopenedIds = reopened.map((c) => c.id);
    expect(new Set(reopenedIds).size).toBe(reopened.length);
    // The cells that had ids keep them: only the new and the pasted cell get one.
    expect(reopenedIds.slice(0, -2)).toEqual(ids);
  }, 120_000);
});
