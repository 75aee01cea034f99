"""Explorer: the one pattern for every widget in the kit.

An explorer is a thin wrapper: its controls feed the theme's pure functions (``compute``), and what
they return is drawn into one Output (``render``). ``result`` keeps what is shown, so tests and the
benchmark drive the controls and read ``result`` without a browser.

    class CityExplorer(Explorer):
        def make_controls(self):
            return {"city": widgets.Dropdown(options=[...], description="City")}
        def compute(self, city):
            return {"table": cities[cities.city == city]}
        def render(self, result):
            display(result["table"])

In a lesson's optional extension, ``CityExplorer.on_demand()`` shows a button that builds it when clicked.
"""
from __future__ import annotations

import base64
import html
import time
from collections import OrderedDict

import ipywidgets as widgets
from IPython.display import display
from IPython.utils.capture import capture_output


class Explorer:
    """Controls -> compute(**values) -> render(result) into one Output; errors shown as plain text."""

    title = ""
    hint = ""  # what to try, shown above the controls
    # How many choices keep what they showed: going back to one (China, then the US, then China again)
    # replays it instead of drawing it again. ``compute`` still runs, so ``result`` is always fresh.
    remembered_choices = 32

    def __init__(self):
        self.controls: dict[str, widgets.Widget] = self.make_controls()
        self.output = widgets.Output()
        self.result = None
        self.error: str | None = None
        self.last_update_seconds: float | None = None
        self.last_update_replayed = False
        self._shown: OrderedDict = OrderedDict()  # choice -> what render() displayed for it
        self._axes = None  # see axes()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        header = [widgets.HTML(f"<b>{self.title}</b>")] if self.title else []
        if self.hint:
            header.append(widgets.HTML(f"<i>{self.hint}</i>"))
        self.widget = widgets.VBox(header + [widgets.HBox(list(self.controls.values()),
                                                          layout=widgets.Layout(flex_flow="row wrap")),
                                             self.output])
        self.update()

    # --- to override -------------------------------------------------------------------------
    def make_controls(self) -> dict[str, widgets.Widget]:
        raise NotImplementedError

    def compute(self, **values):
        raise NotImplementedError

    def render(self, result) -> None:
        display(result)

    # --- for compute() ----------------------------------------------------------------------
    def axes(self):
        """The axes this explorer draws each choice on: one figure for the explorer's life, emptied before each
        drawing (``style.emptied``), which saves making a figure anew at every update. Pass it to one plot
        function as ``ax=``; ``result["ax"]`` then always shows the latest choice."""
        from . import style

        if self._axes is None:
            import matplotlib.pyplot as plt

            self._axes = style.new_axes()
            plt.close(self._axes.figure)  # kept by the explorer, not by pyplot (which would show it under the cell)
        return style.emptied(self._axes)

    # --- machinery ---------------------------------------------------------------------------
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute and redraw. A problem becomes a message in the output, never a traceback."""
        start = time.perf_counter()
        self.last_update_replayed = False
        try:
            self.result = self.compute(**self.values())
            self.error = None
        except Exception as err:  # noqa: BLE001 - a widget must never show a traceback to a student
            self.result = None
            self.error = str(err) or err.__class__.__name__
            self.output.outputs = (_stream(f"Cannot show this choice: {self.error}\n"),)
        else:
            self._render_or_replay()
        self.last_update_seconds = time.perf_counter() - start

    def _choice(self):
        """The control values as a key, or None when one cannot be a key (then nothing is remembered)."""
        try:
            key = tuple(self.values().items())
            hash(key)
        except TypeError:
            return None
        return key

    def _render_or_replay(self) -> None:
        key = self._choice() if self.remembered_choices else None
        if key is not None and key in self._shown:
            self._shown.move_to_end(key)
            self.output.outputs = self._shown[key]
            self.last_update_replayed = True
            return
        with capture_output() as shown:
            self.render(self.result)
        outputs = as_outputs(shown)
        self.output.outputs = outputs
        if key is not None:
            self._shown[key] = outputs
            while len(self._shown) > self.remembered_choices:
                self._shown.popitem(last=False)

    def _ipython_display_(self) -> None:
        display(self.widget)

    @classmethod
    def on_demand(cls, *args, **kwargs) -> "OnDemand":
        """This explorer behind a button, built when a student clicks it (for an optional extension):

            tools.StatementsExplorer.on_demand(statements, actors)
        """
        return OnDemand(lambda: cls(*args, **kwargs), cls.title or cls.__name__)


class OnDemand:
    """An optional explorer shown as a button and built, with its first drawing, only when a student clicks.

    A lesson's extensions are for those who finish early: building their explorers for every student
    at Run All made the lessons that have them slower to open (lesson 03's two took about a quarter of a
    second each) for a part most of the class skips. ``open()`` builds it from code (tests, stills)."""

    def __init__(self, make, title: str):
        self.make = make
        self.title = title
        self.explorer: Explorer | None = None
        self.error: str | None = None
        self.button = widgets.Button(description=f"Open the explorer: {title}",
                                     button_style="info", icon="search",
                                     layout=widgets.Layout(width="auto", align_self="flex-start"))
        self.button.add_class("qantar-open-explorer")  # how the browser tests find it
        self.button.on_click(lambda _button: self.open())
        self.note = widgets.HTML("<i>Optional: the explorer is made when you click (it takes a moment).</i>")
        self.widget = widgets.VBox([self.button, self.note])

    def open(self) -> Explorer | None:
        """Build the explorer (once) and show it in place of the button; None, with a message shown, if it
        cannot be built."""
        if self.explorer is None:
            self.button.disabled = True
            try:
                self.explorer = self.make()
            except Exception as err:  # noqa: BLE001 - a student sees a sentence, never a traceback
                self.error = str(err) or err.__class__.__name__
                self.note.value = f"Cannot open the explorer ({html.escape(self.title)}): {html.escape(self.error)}"
                self.button.disabled = False
                return None
            self.widget.children = (self.explorer.widget,)
        return self.explorer

    def _ipython_display_(self) -> None:
        display(self.widget)


# The explorer fills its Output by setting ``outputs`` from the kernel rather than with ``with output:``.
# Inside ``with output:`` the front end does the capturing, and a headless front end (nbclient, under
# Voilà, nbconvert, the grader) then sends each captured output back to the kernel on the shell socket
# while another of its tasks waits on that socket for the cell's reply. On this machine that lost the
# reply's wake-up in about one run in four, and the cell waited out its whole time limit (issue 18).
# Set from the kernel, nothing goes back: the same picture in every front end, and no message to race.

def _stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def _json_ready(data: dict) -> dict:
    """A display bundle as the Output widget's state carries it (binary data, a PNG, as base64 text)."""
    return {mime: base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value
            for mime, value in data.items()}


def as_outputs(captured) -> tuple:
    """What ``capture_output`` caught, as the Output widget's ``outputs`` (the order ``CapturedIO.show``
    replays: printed text, then errors, then displays)."""
    outputs = [_stream(text, name) for name, text in (("stdout", captured.stdout), ("stderr", captured.stderr))
               if text]
    outputs += [{"output_type": "display_data", "data": _json_ready(shown.data),
                 "metadata": _json_ready(shown.metadata or {})} for shown in captured.outputs]
    return tuple(outputs)
