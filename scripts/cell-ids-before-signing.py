"""The classic Notebook's pre-save hook (`npm run notebook`): every cell has a unique id before the notebook is signed.

The classic Notebook (6) gives a cell it creates no id, and a pasted cell keeps the id of the cell it was copied
from. The server signs the notebook it received as trusted, then nbformat writes it and, on the way, gives those
cells fresh ids. The stored signature then belongs to a notebook that is not the saved file, and a notebook its
user ran and saved reopens untrusted: its HTML and script outputs (the charts) are not run. Giving the ids here,
before signing, makes the signed notebook the one written.
"""


def give_cells_unique_ids(model, **_kwargs):
    """Gives each cell of a notebook model (format 4.5 or later) that has no id, or a repeated one, a fresh id."""
    notebook = model.get("content") if model.get("type") == "notebook" else None
    if not isinstance(notebook, dict) or (notebook.get("nbformat", 0), notebook.get("nbformat_minor", 0)) < (4, 5):
        return
    from nbformat.corpus.words import generate_corpus_id

    cells = notebook.get("cells", [])
    taken = {cell.get("id") for cell in cells}
    seen = set()
    for cell in cells:
        if "id" not in cell or cell["id"] in seen:
            new_id = generate_corpus_id()
            while new_id in taken:
                new_id = generate_corpus_id()
            taken.add(new_id)
            cell["id"] = new_id
        seen.add(cell["id"])
