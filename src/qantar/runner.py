"""The kit's one nbclient: how the grader and the notebook tools run a notebook from top to bottom.

nbclient stands in for a browser's Output widget: while a cell runs inside ``with output:``, it catches
what the cell shows and sends it back to the kernel on the shell socket. It sends from the task that
reads IOPub, while another of its tasks waits on that same shell socket for the cell's reply. On a busy
2-core machine the reply's wake-up is then lost now and again, and the cell waits out its whole time
limit before the run goes on (jupyter/nbclient#312; issue 18 measured 4 of 10 runs of lesson 01).

``KitClient`` holds those messages back and sends them once the cell's reply has come, from the task
that owns the shell socket, so no send ever races the wait. The kernel still gets them before the next
cell runs. The kit's explorers do not rely on this (they set ``Output.outputs`` from the kernel, see
``qantar.widgets``); it protects any notebook that uses ``with output:``, a student's included.
"""
from __future__ import annotations

import copy
from pathlib import Path

from nbclient import NotebookClient
from nbclient.output_widget import OutputWidget


class HeldOutputWidget(OutputWidget):
    """nbclient's Output-widget stand-in, whose messages to the kernel wait in the client's queue."""

    def _publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        from nbclient.jsonutil import json_clean

        content = json_clean(dict(data={} if data is None else data, comm_id=self.comm_id, **keys))
        msg = self.kernel_client.session.msg(msg_type, content=content, parent=self.parent_header,
                                             metadata={} if metadata is None else metadata)
        self.executor.held_for_kernel.append(msg)


class KitClient(NotebookClient):
    """A NotebookClient that never sends on the shell socket while it waits there for a reply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_for_kernel: list[dict] = []
        self.widget_registry = {**self.widget_registry,
                                "@jupyter-widgets/output": {"OutputModel": HeldOutputWidget}}

    async def _async_poll_for_reply(self, *args, **kwargs):
        try:
            return await super()._async_poll_for_reply(*args, **kwargs)
        finally:
            self.send_held_messages()

    def send_held_messages(self) -> None:
        while self.held_for_kernel and self.kc is not None:
            self.kc.shell_channel.send(self.held_for_kernel.pop(0))


def execute(nb, cwd: Path, timeout: int = 300, **options):
    """Run a copy of a notebook in a fresh kernel, cell by cell; returns the executed copy."""
    nb = copy.deepcopy(nb)
    KitClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
              **options).execute()
    return nb
