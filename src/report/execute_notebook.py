"""Executes a notebook with nbclient and writes it, even when a cell fails.

nbconvert's own --execute drops the partial notebook and, with tslab, the
error text (tslab reports errors on stderr, not as an `error` output). This
driver keeps both: it runs a copy stripped of any outputs and execution
counts the file held, prints one progress line per code cell, always writes
the executed notebook, and names a failing cell with its source and what it
printed to stderr.

usage: execute_notebook.py NOTEBOOK OUTPUT KERNEL_NAME TIMEOUT_SECONDS
"""
import os
import sys
import time

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


class ProgressClient(NotebookClient):
    """Announces each code cell as it starts and how long it took; remembers which one is running."""

    running = None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        self.running = cell_index
        tags = ",".join(cell.get("metadata", {}).get("tags", [])) or "-"
        first = next((line for line in cell.source.splitlines() if line.strip() and not line.startswith("//")), "")
        total = len(self.nb.cells)
        sys.stdout.write(f"[{cell_index + 1:>3}/{total}] {tags:<8} {first[:70]} … ")
        sys.stdout.flush()
        started = time.monotonic()
        try:
            result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except BaseException:
            sys.stdout.write(f"failed after {time.monotonic() - started:.1f} s\n")
            sys.stdout.flush()
            raise
        sys.stdout.write(f"{time.monotonic() - started:.1f} s\n")
        sys.stdout.flush()
        return result


def main():
    source, target, kernel_name, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = ProgressClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout if timeout > 0 else None,
        # The kernel compiles src/ before it answers; on a busy machine that can take over a minute.
        startup_timeout=300,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    failed = None
    try:
        client.execute()
    except CellExecutionError:
        failed = nb.cells[client.running] if client.running is not None else None
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
