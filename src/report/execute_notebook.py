"""Executes a notebook with nbclient and writes it, even when a cell fails.

nbconvert's own --execute drops the partial notebook and, with tslab, the
error text (tslab reports errors on stderr, not as an `error` output). This
driver keeps both: the executed notebook is always written, and a failing
cell is named with its source and what it printed to stderr.

usage: execute_notebook.py NOTEBOOK OUTPUT KERNEL_NAME TIMEOUT_SECONDS
"""
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def cell_stderr(cell):
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            texts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            texts.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "".join(texts).strip()


def main():
    source, target, kernel_name, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nb = nbformat.read(source, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout if timeout > 0 else None,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    failed = None
    try:
        client.execute()
    except CellExecutionError:
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        failed = next((c for c in reversed(code_cells) if c.get("execution_count")), code_cells[0])
    finally:
        nbformat.write(nb, target)
    if failed is not None:
        number = nb.cells.index(failed) + 1
        sys.stderr.write(
            f"Cell {number} of {os.path.basename(source)} failed:\n"
            f"---- source ----\n{failed.source}\n"
            f"---- error ----\n{cell_stderr(failed) or '(the kernel reported an error without a message)'}\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
