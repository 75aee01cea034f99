"""Qantar 2022: a Jupyter teaching kit on the January 2022 unrest in Kazakhstan.

Modules: data (tables, citations, validation), style (figures), maps, widgets (explorers),
one module per theme (timeline, wealth, actors, reading), exercises (questions and their engine),
notebooks (teacher -> student generation), grading, cli.
"""
__version__ = "0.1.0"

import sys

if sys.platform == "emscripten":
    # The browser edition (qantar.lite): matplotlib builds its font list again at every kernel start and says
    # so on stderr, which the notebook shows in red like an error, before the kit's first figure. The list is
    # built all the same; only the notice is left out.
    import logging

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
