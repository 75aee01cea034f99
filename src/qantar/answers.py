"""Answers as plain data: how a student's answer crosses from the kernel that ran it to the grader.

The grader never judges an object a student's code made. The kernel only *exports* each answer
variable through ``encode`` (below) as a JSON tree of plain data: numbers, text, True/False, None,
dates and times, lists, tuples, sets, dictionaries, NumPy arrays and scalars, pandas Series, Index and
DataFrames (as records), a function as its source text, and an object the kit made (a map) as the
plain ``qantar_*`` attributes the kit recorded on it. Anything else, or anything too big, becomes
a "not a plain value" record saying what it was. The grader rebuilds the values with ``decode``, which
accepts only that format and builds every value itself, so an object that compares equal to anything,
or whose ``__float__`` or ``__len__`` lies, cannot reach the judge: at most its plain contents can.

``encode`` and ``export`` run in the student's kernel, so this module imports nothing but the standard
library at the top (the grader runs its source text there, without importing qantar). What they send
can be forged by a notebook that patches them; that is fine: a forged export can only claim an answer
(which the notebook could as well have written), never a verdict, which the grader makes alone.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import re
import sys

TAG = "$"  # a JSON object is always a tagged value: {"$": kind, ...}
MAX_VALUES = 100_000  # values in one answer (a DataFrame counts each cell)
MAX_TEXT = 1_000_000  # characters of text in one answer
MAX_DEPTH = 20  # nesting of lists and dictionaries
MAX_INT_DIGITS = 1000
MAX_SOURCE = 100_000  # characters of a function's source


class Refused(Exception):
    """Why a value is not plain; becomes the "not a plain value" record."""


class _Budget:
    def __init__(self):
        self.values = 0
        self.text = 0

    def spend(self, values: int = 1, text: int = 0) -> None:
        self.values += values
        self.text += text
        if self.values > MAX_VALUES:
            raise Refused(f"it holds more than {MAX_VALUES:,} values, more than the grader reads")
        if self.text > MAX_TEXT:
            raise Refused(f"it holds more than {MAX_TEXT:,} characters of text, more than the grader reads")


def type_name(value) -> str:
    name = getattr(type(value), "__name__", "object")
    return name[:80] if isinstance(name, str) else "object"


def _module_of(value) -> str:
    module = getattr(type(value), "__module__", "")
    return module if isinstance(module, str) else ""


# ---------------------------------------------------------------------------------------------
# Encoding (in the student's kernel, or the function runner)


def encode(value, allow_function: bool = False):
    """The JSON tree of ``value``, or a "not plain" record saying why it is not plain data."""
    try:
        return _encode(value, _Budget(), 0, allow_function)
    except Refused as err:
        return {TAG: "not plain", "type": type_name(value), "why": str(err)}
    except RecursionError:
        return {TAG: "not plain", "type": type_name(value), "why": "it is nested too deeply"}
    except Exception as err:  # noqa: BLE001 - a library object may raise anything while it is read
        return {TAG: "not plain", "type": type_name(value), "why": f"reading it raised {type_name(err)}"}


def _encode(value, budget: _Budget, depth: int, allow_function: bool = False):
    if depth > MAX_DEPTH:
        raise Refused("it is nested too deeply")
    kind = type(value)
    budget.spend()
    if value is None or kind is bool:
        return value
    if kind is int:
        if abs(value) >= 10 ** MAX_INT_DIGITS:
            raise Refused(f"it holds a whole number of more than {MAX_INT_DIGITS} digits")
        return value
    if kind is float:
        return value if math.isfinite(value) else {TAG: "float", "v": repr(value)}
    if kind is str:
        budget.spend(0, len(value))
        return value
    if kind in (list, tuple, set, frozenset):
        items = [_encode(v, budget, depth + 1) for v in value]
        return items if kind is list else {TAG: kind.__name__, "v": items}
    if kind is dict or (isinstance(value, dict) and _module_of(value) == "collections"):
        pairs = [[_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)] for k, v in dict.items(value)]
        return {TAG: "dict", "v": pairs}
    if kind is complex:
        return {TAG: "complex", "v": [_encode(value.real, budget, depth), _encode(value.imag, budget, depth)]}
    if kind in (bytes, bytearray):
        budget.spend(0, len(value))
        return {TAG: "bytes", "v": bytes(value).decode("latin-1")}
    if kind in (_dt.date, _dt.datetime, _dt.timedelta):
        return _encode_time(value)
    if kind.__name__ == "Placeholder" and _module_of(value) == "qantar.exercises.engine":
        return {TAG: "blank"}
    if kind.__name__ == "function" and _module_of(value) == "builtins":
        if not allow_function:
            raise Refused("it holds a function (only an answer that is itself a function is read)")
        return _encode_function(value)
    module = _module_of(value).split(".")[0]
    if module == "numpy":
        return _encode_numpy(value, budget, depth)
    if module == "pandas":
        return _encode_pandas(value, budget, depth)
    recorded = _kit_record(value)
    if recorded:
        return {TAG: "object", "type": type_name(value),
                "attributes": {k: _encode(v, budget, depth + 1) for k, v in recorded.items()}}
    raise Refused(f"it is or holds an object of type {type_name(value)}")


KIT_ATTRIBUTE = re.compile(r"qantar_[A-Za-z0-9_]{1,60}")


def _kit_record(value) -> dict:
    """What the kit recorded on an object it made (a map's ``qantar_highlighted``): its ``qantar_*``
    attributes, the only part of such an object that crosses (as plain data, like any answer)."""
    attributes = getattr(value, "__dict__", None)
    if type(attributes) is not dict:
        return {}
    return {k: v for k, v in list(attributes.items())[:1000]
            if type(k) is str and KIT_ATTRIBUTE.fullmatch(k)}


def _encode_time(value):
    if type(value) is _dt.timedelta:
        return {TAG: "timedelta", "v": value.total_seconds()}
    return {TAG: type(value).__name__, "v": value.isoformat()}


def _encode_function(value):
    import inspect
    import textwrap

    try:
        source = textwrap.dedent(inspect.getsource(value))
    except (OSError, TypeError):
        raise Refused("it is a function whose source the grader cannot find (was it made by exec?)") from None
    if len(source) > MAX_SOURCE:
        raise Refused(f"it is a function of more than {MAX_SOURCE:,} characters")
    return {TAG: "function", "name": str(value.__name__)[:200], "source": source}


def _encode_numpy(value, budget, depth):
    np = sys.modules["numpy"]
    if isinstance(value, np.ndarray):
        if value.size > MAX_VALUES:
            raise Refused(f"it is an array of {value.size:,} values, more than the grader reads")
        return {TAG: "array", "v": _encode(value.tolist(), budget, depth + 1)}
    if isinstance(value, np.datetime64):
        return {TAG: "datetime64", "v": str(value)}
    if isinstance(value, np.generic):
        return _encode(value.item(), budget, depth)
    raise Refused(f"it is or holds an object of type {type_name(value)}")


def _column(values, budget, depth):
    return [_encode(v, budget, depth + 1) for v in values.tolist()]


def _encode_pandas(value, budget, depth):
    pd = sys.modules["pandas"]
    kind = type(value)
    if kind is pd.Timestamp:
        return {TAG: "timestamp", "v": value.isoformat()}
    if kind is pd.Timedelta:
        return {TAG: "pd_timedelta", "v": value.value}
    if value is pd.NaT:
        return {TAG: "nat"}
    if value is pd.NA:
        return {TAG: "na"}
    if isinstance(value, pd.DataFrame):
        rows, columns = value.shape
        if rows * max(columns, 1) > MAX_VALUES:
            raise Refused(f"it is a table of {rows:,} rows and {columns:,} columns, more than the grader reads")
        data = [_column(value.iloc[:, j], budget, depth) for j in range(columns)]
        return {TAG: "dataframe", "columns": _column(value.columns, budget, depth),
                "index": _column(value.index, budget, depth),
                "records": [list(r) for r in zip(*data)] if columns else [[] for _ in range(rows)],
                "dtypes": [str(t) for t in value.dtypes]}
    if isinstance(value, (pd.Series, pd.Index)):
        if len(value) > MAX_VALUES:
            raise Refused(f"it holds {len(value):,} values, more than the grader reads")
        record = {TAG: "series" if isinstance(value, pd.Series) else "index",
                  "v": _column(value, budget, depth), "name": _encode(value.name, budget, depth + 1),
                  "dtype": str(value.dtype)}
        if isinstance(value, pd.Series):
            record["index"] = _column(value.index, budget, depth)
        return record
    if isinstance(value, pd.Categorical):
        return _encode(list(value), budget, depth)
    raise Refused(f"it is or holds an object of type {type_name(value)}")


def export(namespace: dict, variables: list, functions: list) -> dict:
    """What the kernel sends: each answer variable it has, encoded, and the names it defines (for a
    variable that seems renamed). ``functions`` are the variables whose answer may be a function."""
    answers = {}
    for var in variables:
        if var in namespace:
            answers[var] = encode(namespace[var], allow_function=var in functions)
    names = [k for k, v in namespace.items() if isinstance(k, str) and k.isidentifier() and not k.startswith("_")
             and len(k) <= 100 and not _is_kit_object(v)][:5000]
    return {"answers": answers, "names": names}


def _is_kit_object(value) -> bool:
    # A module or a question is not a student's variable (q1, data, pd): never "a renamed answer".
    name = type(value).__name__
    return name == "module" or name.endswith("Question") or name == "QuestionSet"


def write_export(namespace, variables, functions, path, marker) -> None:
    """Export the answers to ``path`` (a file only this call knows) and print them between markers
    (the fallback if the file cannot be written). Never raises: a failed export is the grader's to see."""
    try:
        text = json.dumps(export(namespace, variables, functions), allow_nan=False)
    except BaseException as err:  # noqa: BLE001
        text = json.dumps({"error": f"{type_name(err)} while exporting the answers"})
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except BaseException:  # noqa: BLE001
        pass
    sys.stdout.write(marker + text + marker + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------
# Decoding (in the grader): only the format above, every value built here

class AnswerError(ValueError):
    """The export does not follow the format: the answer cannot be read."""


class NotPlain:
    """An answer that was not plain data: what it was and why, never the object itself."""

    def __init__(self, type_name: str, why: str):
        self.type_name, self.why = type_name[:80], why[:300]

    def stand_in(self):
        """An inert object whose type bears the original type's name (for the engine's messages)."""
        return type(f"{self.type_name} (not a plain value)", (), {"__slots__": ()})()

    def __repr__(self):
        return f"NotPlain({self.type_name!r}, {self.why!r})"


class StudentFunction:
    """A function answer: its name and source, to be run in a sandbox (the grader never runs it)."""

    def __init__(self, name: str, source: str):
        self.name, self.source = name, source

    def __repr__(self):
        return f"StudentFunction({self.name!r})"


_DTYPES = re.compile(r"(u?int(8|16|32|64)|float(32|64)|bool|object|string|category|datetime64\[ns\]|"
                     r"timedelta64\[ns\]|Int64|Float64|boolean)")


def loads(text: str):
    """JSON as the grader reads it: no NaN or Infinity literals (the format tags them)."""
    def refuse(constant):
        raise AnswerError(f"the literal {constant} is not part of the format")

    return json.loads(text, parse_constant=refuse)


def decode(tree):
    """The value a tree of ``encode`` stands for; a NotPlain for a "not plain" record or anything that
    does not follow the format."""
    try:
        return _decode(tree, _Budget(), 0, top=True)
    except Exception as err:  # noqa: BLE001 - whatever the data holds, it is one unreadable answer
        return NotPlain("unreadable", f"the grader could not read it ({type_name(err)})")


def _decode(tree, budget: _Budget, depth: int, top: bool = False):
    if depth > MAX_DEPTH:
        raise AnswerError("nested too deeply")
    budget.spend()
    kind = type(tree)
    if tree is None or kind in (bool, int, float):
        return tree
    if kind is str:
        budget.spend(0, len(tree))
        return tree
    if kind is list:
        return [_decode(v, budget, depth + 1) for v in tree]
    if kind is not dict or type(tree.get(TAG)) is not str:
        raise AnswerError("not a value of the format")
    tag = tree[TAG]
    if tag in ("not plain", "blank", "function") and not top:
        raise AnswerError(f"{tag} inside a value")
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise AnswerError(f"unknown kind {tag[:40]!r}")
    return decoder(tree, lambda v, d=1: _decode(v, budget, depth + d))


def _text(tree, key) -> str:
    value = tree.get(key)
    if type(value) is not str:
        raise AnswerError(f"{key} is not text")
    return value


def _items(tree, key, sub) -> list:
    value = tree.get(key)
    if type(value) is not list:
        raise AnswerError(f"{key} is not a list")
    return [sub(v) for v in value]


def _dict(tree, sub):
    pairs = _items(tree, "v", lambda pair: pair)
    out = {}
    for pair in pairs:
        if type(pair) is not list or len(pair) != 2:
            raise AnswerError("a dictionary item is not a pair")
        key = sub(pair[0])
        out[_hashable(key)] = sub(pair[1])
    return out


def _hashable(key):
    hash(key)  # a list as a key raises TypeError: the answer is unreadable
    return key


def _float(tree, sub):
    text = _text(tree, "v")
    if text not in ("nan", "inf", "-inf"):
        raise AnswerError("not a special float")
    return float(text)


def _pandas():
    import pandas as pd

    return pd


def _numpy():
    import numpy as np

    return np


def _array(tree, sub):
    np = _numpy()
    values = sub(tree.get("v"))
    if type(values) is not list:
        raise AnswerError("an array is not a list")
    kinds = {type(v) for v in values}
    if len(kinds) == 1 and kinds <= {int, float, bool, str}:
        return np.array(values)
    array = np.empty(len(values), dtype=object)  # one value per item, whatever the items are
    for i, v in enumerate(values):
        array[i] = v
    return array


def _index_values(tree, sub, key="v"):
    return _items(tree, key, sub)


def _dtype(text):
    return text if isinstance(text, str) and _DTYPES.fullmatch(text) else None


def _with_dtype(values, dtype):
    if dtype is None:
        return values
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values


def _series(tree, sub):
    pd = _pandas()
    values = _index_values(tree, sub)
    index = _index_values(tree, sub, "index")
    if len(index) != len(values):
        raise AnswerError("a Series whose index and values differ in length")
    name = sub(tree.get("name"))
    _hashable(name)
    series = pd.Series(values, index=pd.Index(index, dtype=object) if index else None, dtype=object, name=name)
    return _with_dtype(series.infer_objects(), _dtype(tree.get("dtype")))


def _index(tree, sub):
    pd = _pandas()
    name = sub(tree.get("name"))
    _hashable(name)
    index = pd.Index(_index_values(tree, sub), dtype=object, name=name)
    return _with_dtype(index.infer_objects(), _dtype(tree.get("dtype")))


def _dataframe(tree, sub):
    pd = _pandas()
    columns = _items(tree, "columns", sub)
    index = _items(tree, "index", sub)
    records = _items(tree, "records", lambda row: row)
    if len(records) != len(index) or any(type(r) is not list or len(r) != len(columns) for r in records):
        raise AnswerError("a table whose rows do not match its columns")
    rows = [[sub(v, 2) for v in row] for row in records]
    for key in columns + index:
        _hashable(key)
    frame = pd.DataFrame(rows, columns=pd.Index(columns, dtype=object), index=pd.Index(index, dtype=object),
                         dtype=object).infer_objects()
    dtypes = tree.get("dtypes")
    if type(dtypes) is list and len(dtypes) == len(columns):
        for j, dtype in enumerate(dtypes):
            if _dtype(dtype):
                try:
                    frame.isetitem(j, frame.iloc[:, j].astype(dtype))
                except (TypeError, ValueError):
                    pass
    return frame


def _datetime(cls_name):
    def build(tree, sub):
        text = _text(tree, "v")
        if cls_name == "timestamp":
            return _pandas().Timestamp(text)
        return (_dt.date if cls_name == "date" else _dt.datetime).fromisoformat(text)
    return build


def _timedelta(tree, sub):
    seconds = tree.get("v")
    if type(seconds) not in (int, float):
        raise AnswerError("a time span is not a number")
    return _dt.timedelta(seconds=seconds)


def _pd_timedelta(tree, sub):
    value = tree.get("v")
    if type(value) is not int:
        raise AnswerError("a time span is not a whole number of nanoseconds")
    return _pandas().Timedelta(value, unit="ns")


def _complex(tree, sub):
    parts = _items(tree, "v", sub)
    if len(parts) != 2 or any(type(p) not in (int, float) for p in parts):
        raise AnswerError("a complex number is not two numbers")
    return complex(*parts)


class KitObject:
    """Stands in for an object the kit made (a map): only the plain ``qantar_*`` attributes it recorded."""

    __slots__ = ("__dict__",)


def _kit_object(tree, sub):
    attributes = tree.get("attributes")
    if type(attributes) is not dict or len(attributes) > 20:
        raise AnswerError("an object's attributes are not a small mapping")
    stand_in = type(_text(tree, "type")[:80], (KitObject,), {})()
    for name, value in attributes.items():
        if type(name) is not str or not KIT_ATTRIBUTE.fullmatch(name):
            raise AnswerError("an object attribute the kit does not record")
        setattr(stand_in, name, sub(value))
    return stand_in


def _not_plain(tree, sub):
    return NotPlain(_text(tree, "type"), _text(tree, "why"))


def _function(tree, sub):
    source = _text(tree, "source")
    if len(source) > MAX_SOURCE:
        raise AnswerError("a function's source is too long")
    return StudentFunction(_text(tree, "name")[:200], source)


def _blank(tree, sub):
    from .exercises.engine import ____

    return ____


_DECODERS = {
    "float": _float,
    "tuple": lambda t, sub: tuple(_items(t, "v", sub)),
    "set": lambda t, sub: {_hashable(v) for v in _items(t, "v", sub)},
    "frozenset": lambda t, sub: frozenset(_hashable(v) for v in _items(t, "v", sub)),
    "dict": _dict,
    "complex": _complex,
    "bytes": lambda t, sub: _text(t, "v").encode("latin-1"),
    "date": _datetime("date"),
    "datetime": _datetime("datetime"),
    "timestamp": _datetime("timestamp"),
    "timedelta": _timedelta,
    "pd_timedelta": _pd_timedelta,
    "datetime64": lambda t, sub: _numpy().datetime64(_text(t, "v")),
    "nat": lambda t, sub: _pandas().NaT,
    "na": lambda t, sub: _pandas().NA,
    "array": _array,
    "series": _series,
    "index": _index,
    "dataframe": _dataframe,
    "object": _kit_object,
    "not plain": _not_plain,
    "function": _function,
    "blank": _blank,
}
