"""Running one submission in a fresh kernel and exporting its answers as plain data.

The notebook runs cell by cell in a fresh kernel (``qantar.runner.KitClient``), in the sandbox when
there is one (``sandbox``: the kernel then talks to the grader over IPC sockets in a folder of
its own, and everything it started ends with it). After the student's cells, the grader adds one cell
that exports the answer variables through ``qantar.answers`` (the module's source is run in the cell,
nothing is imported) to a file whose name only that cell knows, and prints them between two random
markers (the fallback if the file is missing). That is all the kernel is trusted with: the export is an
answer sheet, not a verdict. Outputs stored in the submitted file are never read, and almost nothing a
cell prints is kept (errors in brief, and a byte count).
"""
from __future__ import annotations

import asyncio
import math
import secrets
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import answers

OK = "ok"
TIMEOUT = "timeout"
KERNEL_DIED = "kernel died"
GRADING_FAILED = "grading failed"
NO_KERNEL = "kernel did not start"

MAX_EXPORT_CHARS = 20_000_000  # characters of the export that are read (file or printed)
LOUD_OUTPUT = 1_000_000  # a cell printing more than this gets a note
EXPORT_SECONDS = 60  # wall-clock seconds for the export cell (it encodes; it judges nothing)
ANSWERS_SOURCE = Path(answers.__file__).read_text(encoding="utf-8")


@dataclass
class Exported:
    """What running one notebook gave: a status, notes, and the export (None if there is none)."""

    status: str = OK
    notes: list[str] = field(default_factory=list)
    payload: dict | None = None


def export_cell_source(variables: list[str], functions: list[str], marker: str, result_path: str) -> str:
    """The cell added after the student's cells. It runs ``qantar.answers`` from its source text, in a
    namespace of its own (only USER_NS is the student's)."""
    call = "\nwrite_export(USER_NS, VARIABLES, FUNCTIONS, RESULT_PATH, MARKER)\n"
    namespace = (f'{{"__builtins__": _qantar_builtins, "__name__": "qantar_export", '
                 f'"USER_NS": _qantar_builtins.globals(), "VARIABLES": {list(variables)!r}, '
                 f'"FUNCTIONS": {list(functions)!r}, "RESULT_PATH": {result_path!r}, "MARKER": {marker!r}}}')
    return ("import builtins as _qantar_builtins\n"
            f"_qantar_builtins.exec({ANSWERS_SOURCE + call!r}, {namespace})\n")


def parse_export(text: str, marker: str) -> dict | None:
    """The JSON printed between the last two markers, or None."""
    end = text.rfind(marker)
    start = text.rfind(marker, 0, end) if end > 0 else -1
    if start < 0:
        return None
    try:
        payload = answers.loads(text[start + len(marker):end])
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _client_class():
    from ..runner import KitClient

    class GradingClient(KitClient):
        """The kit's nbclient, keeping almost nothing a student cell outputs, storing no widget state,
        and keeping the export cell's printed text (capped)."""

        def __init__(self, nb, **kw):
            super().__init__(nb, **kw)
            self.export_index = -1
            self.export_text: list[str] = []
            self.export_chars = 0
            self.printed: Counter = Counter()
            self.errors: list[tuple[int, str, str]] = []
            self.pollers: set = set()

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            task = asyncio.current_task()
            self.pollers.add(task)
            try:
                return await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
            finally:
                self.pollers.discard(task)

        def cancel_pollers(self):
            for task in list(self.pollers):
                task.cancel()
            self.pollers.clear()

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            kind = msg.get("msg_type")
            if cell_index == self.export_index:
                if kind == "stream" and content.get("name") == "stdout":
                    room = MAX_EXPORT_CHARS - self.export_chars
                    if room > 0:
                        text = str(content.get("text", ""))[:room]
                        self.export_text.append(text)
                        self.export_chars += len(text)
                return None
            if kind == "stream":
                self.printed[cell_index] += len(str(content.get("text", "")))
            elif kind in ("display_data", "execute_result"):
                self.printed[cell_index] += sum(len(str(v)) for v in (content.get("data") or {}).values())
            elif kind == "error" and len(self.errors) < 50:
                self.errors.append((cell_index, str(content.get("ename", ""))[:80],
                                    str(content.get("evalue", ""))[:200]))
            return None

        def clear_output(self, outs, msg, cell_index):
            return None

        def handle_comm_msg(self, outs, msg, cell_index):
            return None

    return GradingClient


def _kernel_manager(kernel_dir: Path, sandbox):
    """A kernel manager whose kernel keeps its connection file in ``kernel_dir``; with a sandbox, the
    kernel runs in it and listens on IPC sockets there (no TCP port anyone could reach)."""
    from jupyter_client import AsyncKernelManager

    class SandboxedKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            return sandbox.command(super().format_kernel_cmd(extra_arguments), private=kernel_dir,
                                   key=str(kernel_dir.parent))

    connection = str(kernel_dir / "connection.json")
    if sandbox is None:
        return AsyncKernelManager(kernel_name="python3", connection_file=connection)
    km = SandboxedKernelManager(kernel_name="python3", transport="ipc", ip=str(kernel_dir / "socket"),
                                connection_file=connection)
    km.kernel_spec.interrupt_mode = "message"  # a signal would reach bubblewrap, not the kernel
    return km


def _cell_label(nb, index: int) -> str:
    number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    return f"code cell {number}"


async def run_notebook(nb, variables: list[str], functions: list[str], timeout: float, workdir: Path,
                       sandbox=None) -> Exported:
    """Run a readable notebook in a fresh kernel in ``workdir`` and export its answer variables."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    work, kernel_dir = workdir / "work", workdir / "kernel"
    for folder in (work, kernel_dir):
        folder.mkdir(parents=True, mode=0o700)  # work two levels down: "../file" stays in the temporary folder
    token = secrets.token_hex(12)
    marker = f"@@qantar-export-{token}@@"
    result_path = kernel_dir / f"answers-{token}.json"
    client = _client_class()(
        nb, timeout=max(1, int(timeout)), kernel_name="python3", allow_errors=True,
        shutdown_kernel="immediate", store_widget_state=False, record_timing=False,
        resources={"metadata": {"path": str(work)}})
    out = Exported()
    try:
        client.km = _kernel_manager(kernel_dir, sandbox)
        try:
            await client.async_start_new_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await client.async_start_new_kernel_client()
        except Exception as err:  # noqa: BLE001
            out.status = NO_KERNEL
            out.notes.append(f"the kernel did not start ({err.__class__.__name__}: {str(err)[:120]})")
            return out
        executed = await _run_cells(client, nb, timeout, out, CellTimeoutError, DeadKernelError)
        if out.status == KERNEL_DIED:
            return out
        cell = nbformat.v4.new_code_cell(export_cell_source(variables, functions, marker, str(result_path)))
        nb.cells.append(cell)
        client.export_index = len(nb.cells) - 1
        # Little time after a timeout: the kernel may stay busy.
        client.timeout = 10 if out.status == TIMEOUT else EXPORT_SECONDS
        try:
            await client.async_execute_cell(cell, client.export_index, execution_count=executed + 1)
        except CellTimeoutError:
            out.status = TIMEOUT
            out.notes.append("the answers could not be read: the kernel stayed busy")
            return out
        except DeadKernelError:
            out.status = KERNEL_DIED
            out.notes.append("the kernel died while the answers were read")
            return out
        finally:
            client.cancel_pollers()
        out.payload = _read_export(result_path) or parse_export("".join(client.export_text), marker)
        return out
    except Exception as err:  # noqa: BLE001 - one broken run must not stop the class's grading
        out.status = GRADING_FAILED
        out.notes.append(f"the grader hit an error: {err.__class__.__name__}: {str(err)[:200]}")
        return out
    finally:
        _after_run(client, out, nb)
        await _stop_kernel(client)


async def _run_cells(client, nb, timeout, out: Exported, CellTimeoutError, DeadKernelError) -> int:
    """Run the student's cells under one time limit for them all; returns how many ran."""
    from jupyter_client.utils import ensure_async

    deadline = time.monotonic() + timeout
    executed = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            out.status = TIMEOUT
            break
        client.timeout = max(1, math.ceil(remaining))
        executed += 1
        try:
            await client.async_execute_cell(cell, index, execution_count=executed)
        except CellTimeoutError:
            out.status = TIMEOUT
            out.notes.append(f"stopped after {timeout:g} s in {_cell_label(nb, index)}")
            break
        except DeadKernelError:
            out.status = KERNEL_DIED
            out.notes.append(f"the kernel died in {_cell_label(nb, index)}")
            return executed
        finally:
            client.cancel_pollers()
    if out.status == TIMEOUT:
        try:
            await ensure_async(client.km.interrupt_kernel())
        except Exception:  # noqa: BLE001
            pass
    return executed


def _read_export(path: Path) -> dict | None:
    from .submissions import Refused, _read_regular_file

    try:
        # Not through a link, and not from a pipe a cell put there: only a regular file, capped.
        data = _read_regular_file(path, MAX_EXPORT_CHARS, follow=False)
        payload = answers.loads(data.decode("utf-8"))
    except (Refused, OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _after_run(client, out: Exported, nb) -> None:
    errors = getattr(client, "errors", [])
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        out.notes.append(f"{_cell_label(nb, first[0])} stopped with {first[1]}: {first[2][:120]}{more}")
    for index, size in sorted(getattr(client, "printed", {}).items()):
        if size > LOUD_OUTPUT:
            out.notes.append(f"{_cell_label(nb, index)} printed {size / 1e6:.1f} million characters (not kept)")


async def _stop_kernel(client) -> None:
    """Stop the kernel. With the sandbox, killing bubblewrap empties the kernel's PID namespace: every
    process a cell started ends, detached or not. Without it, the kernel's process group is killed, and
    a process that left the group (a daemon) may outlive grading."""
    from jupyter_client.utils import ensure_async

    km = getattr(client, "km", None)
    if km is None:
        return
    try:
        if km.has_kernel and km.provisioner is not None:
            await ensure_async(km.provisioner.kill())
            await ensure_async(km.provisioner.wait())
    except Exception:  # noqa: BLE001
        pass
    try:
        await client._async_cleanup_kernel()
    except Exception:  # noqa: BLE001
        pass
