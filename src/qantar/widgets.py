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
"""
from __future__ import annotations

import time

import ipywidgets as widgets
from IPython.display import display


class Explorer:
    """Controls -> compute(**values) -> render(result) into one Output; errors shown as plain text."""

    title = ""
    hint = ""  # what to try, shown above the controls

    def __init__(self):
        self.controls: dict[str, widgets.Widget] = self.make_controls()
        self.output = widgets.Output()
        self.result = None
        self.error: str | None = None
        self.last_update_seconds: float | None = None
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

    # --- machinery ---------------------------------------------------------------------------
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute and redraw. A problem becomes a message in the output, never a traceback."""
        start = time.perf_counter()
        self.output.clear_output(wait=True)
        with self.output:
            try:
                self.result = self.compute(**self.values())
                self.error = None
            except Exception as err:  # noqa: BLE001 - a widget must never show a traceback to a student
                self.result = None
                self.error = str(err) or err.__class__.__name__
                print(f"Cannot show this choice: {self.error}")
            else:
                self.render(self.result)
        self.last_update_seconds = time.perf_counter() - start

    def _ipython_display_(self) -> None:
        display(self.widget)
