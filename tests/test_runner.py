"""The kit's nbclient never sends on the shell socket while it waits there for a cell's reply (issue 18)."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from qantar import notebooks
from qantar.runner import KitClient

# A cell that prints inside ``with out:``: nbclient's Output-widget stand-in sends what it caught back
# to the kernel on the shell socket, the message that raced the reply and stalled runs. The cell then
# keeps the kernel busy for a moment, so that the reply is sure to come after the captured output: without
# it, on a busy machine, plain nbclient sometimes had its reply before it sent, and the control test failed.
CAPTURING_CELL = ("import time\nimport ipywidgets as w\nfrom IPython.display import display\nout = w.Output()\n"
                  "display(out)\nwith out:\n    print('caught by the output widget')\ntime.sleep(1)\n")


def _shell_sends_during_wait(client_class) -> tuple[int, int]:
    """Run the capturing cell; count the shell sends made in all, and those made while a get_msg on the
    shell socket was waiting."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
    nb.cells = [nbformat.v4.new_code_cell(CAPTURING_CELL), nbformat.v4.new_code_cell("1 + 1")]
    client = client_class(nb, timeout=60, kernel_name="python3")
    counts = {"sends": 0, "during_wait": 0, "waiting": 0}

    with client.setup_kernel():
        shell = client.kc.shell_channel
        get_msg, send = shell.get_msg, shell.send

        async def watched_get_msg(*args, **kwargs):
            counts["waiting"] += 1
            try:
                return await get_msg(*args, **kwargs)
            finally:
                counts["waiting"] -= 1

        def watched_send(msg):
            if msg.get("msg_type", msg.get("header", {}).get("msg_type")) == "comm_msg":
                counts["sends"] += 1
                counts["during_wait"] += counts["waiting"] > 0
            return send(msg)

        shell.get_msg, shell.send = watched_get_msg, watched_send
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "2"
    return counts["sends"], counts["during_wait"]


def test_the_kit_client_sends_output_widget_messages_only_after_the_reply():
    sends, during_wait = _shell_sends_during_wait(KitClient)
    assert sends >= 1, "the output widget's messages never reached the kernel"
    assert during_wait == 0


@pytest.mark.parametrize("client_class", [NotebookClient], ids=["plain nbclient"])
def test_plain_nbclient_sends_them_while_it_waits_so_the_check_can_fail(client_class):
    sends, during_wait = _shell_sends_during_wait(client_class)
    assert during_wait >= 1
