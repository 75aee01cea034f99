"""Qantar 2022: a Jupyter teaching kit on the January 2022 unrest in Kazakhstan.

Modules: data (tables, citations, validation), style (figures), maps, widgets (explorers),
one module per theme (timeline, wealth, actors, reading), exercises (questions and their engine),
notebooks (teacher -> student generation), grading, cli.
"""
__version__ = "0.1.0"
