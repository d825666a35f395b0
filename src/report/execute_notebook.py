"""Executes a notebook with nbclient and writes it, even when a cell fails.

nbconvert's own --execute drops the partial notebook and, with tslab, the
error text (tslab reports errors on stderr, not as an `error` output). This
driver keeps both: it runs a copy stripped of any outputs and execution
counts the file held, prints one progress line per code cell, always writes
the executed notebook, and names a failing cell with its source and what it
printed to stderr. Each progress line names the cell by its own title (the
heading of the markdown just before it, else its first comment), and the run
ends with the outcomes the cells printed: verdicts, shadow tests, cleanup.

usage: execute_notebook.py NOTEBOOK OUTPUT KERNEL_NAME TIMEOUT_SECONDS
"""
import os
import re
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


TITLE_WIDTH = 64

# Lines the helpers print to say how something turned out (verdicts, shadow tests, cleanup).
OUTCOME = re.compile(r"^(✅ PROMOTED|↩️ ROLLED BACK|❌ FAILED|♻️ UNCHANGED|🔍 Shadow test|🧹 Cleanup)")


def cell_title(cells, index):
    """The heading of the markdown cell just before, else the cell's first comment, else its first line."""
    before = cells[index - 1] if index > 0 else None
    if before is not None and before.cell_type == "markdown":
        heading = next((line for line in before.source.splitlines() if line.startswith("#")), None)
        if heading:
            return heading.lstrip("#").strip()
    lines = [line.strip() for line in cells[index].source.splitlines() if line.strip()]
    comment = next((line for line in lines if line.startswith("//")), None)
    return (comment or (lines[0] if lines else "")).lstrip("/").strip()


def fit(text, width):
    return text if len(text) <= width else text[: width - 1] + "…"


def outcomes(nb):
    """The outcome lines the cells printed, in order."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                found.extend(line for line in output.get("text", "").splitlines() if OUTCOME.match(line))
    return found


class ProgressClient(NotebookClient):
    """Announces each code cell as it starts and how long it took; remembers which one is running."""

    running = None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        self.running = cell_index
        title = fit(cell_title(self.nb.cells, cell_index), TITLE_WIDTH)
        total = len(self.nb.cells)
        sys.stdout.write(f"[{cell_index + 1:>3}/{total}] {title:<{TITLE_WIDTH}} ")
        sys.stdout.flush()
        started = time.monotonic()
        try:
            result = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except BaseException:
            sys.stdout.write(f"{time.monotonic() - started:6.1f} s  failed\n")
            sys.stdout.flush()
            raise
        sys.stdout.write(f"{time.monotonic() - started:6.1f} s\n")
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
        # nbclient waits 4 s for a cell's last outputs after its reply, then drops the rest without a
        # word; a busy machine can take longer to deliver a burst of prints: wait, and fail rather than lose.
        iopub_timeout=120,
        raise_on_iopub_timeout=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    failed = None
    try:
        client.execute()
    except CellExecutionError:
        failed = nb.cells[client.running] if client.running is not None else None
    finally:
        nbformat.write(nb, target)
    found = outcomes(nb)
    if found:
        sys.stdout.write("\nOutcomes:\n" + "".join(f"  {line}\n" for line in found))
        sys.stdout.flush()
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
