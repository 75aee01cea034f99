"""Judge first, then compare: the one mechanism by which a lesson shows the kit's own judgements.

Students record their own judgement of a handful of items (a verdict on a claim, the stance of a
statement, which of two accounts to trust) before the kit shows its own. The kit's judgements, with the
reason for each, stay out of sight until an attempt is recorded in this kernel; then ``compare()`` sets
the two side by side, and where they differ asks the student to weigh the kit's reason against theirs.

A task is one record, like any question (copy one in exercises/reading.py):

    JudgeFirstQuestion(
        name="q3", var="my_verdicts",
        prompt="Give each claim a verdict from the evidence rows.",
        items=lambda: {"cwi-07": "the claim, in the kit's words", ...},   # what students judge
        labels={"supported": "the evidence confirms it", ...},             # what each judgement means
        kit=lambda: {"cwi-07": ("supported", "why the kit says so"), ...}, # hidden until an attempt
    )

Students write ``my_verdicts = {"cwi-07": "supported", ...}`` and run ``q3.check()`` (it records the
attempt), then ``q3.compare()``. Judgements are recorded, not marked: agreeing with the kit is not the aim.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from .engine import ANSWERED, INCORRECT, NOT_ATTEMPTED, RESULTS, Question, Text, _describe, _echo, _normalise


@dataclass(repr=False)
class JudgeFirstQuestion(Question):
    kind = "judgement"
    scored = False
    items: Any = field(default_factory=dict)   # {item id: what the student sees}, or a function returning it
    labels: dict = field(default_factory=dict)  # {judgement: what it means}
    kit: Any = field(default_factory=dict)     # {item id: (judgement, reason)}, or a function returning it

    def _items(self) -> dict:
        return self.items() if callable(self.items) else self.items

    def show_items(self) -> Text:
        """The items to judge and the judgements to choose from (nothing of the kit's own)."""
        rows = "\n".join(f"| `{item}` | {text} |" for item, text in self._items().items())
        meanings = "\n".join(f"- `{label}`: {meaning}" for label, meaning in self.labels.items())
        return Text(f"**{self.name}: judge each item**\n\n| item | what it says |\n|---|---|\n{rows}\n\n"
                    f"Choose from:\n\n{meanings}")

    def template(self) -> dict:
        """A dictionary to fill in: every item, with a blank judgement."""
        return {item: "" for item in self._items()}

    def judge(self, answer):
        if not isinstance(answer, dict):
            return INCORRECT, (f"Your answer is {_describe(answer)}. Write a dictionary, one judgement per "
                               f"item: {{'{next(iter(self._items()), 'item')}': 'your judgement', ...}}.")
        items, labels = self._items(), {_normalise(label): label for label in self.labels}
        unknown = [str(k) for k in answer if k not in items]
        if unknown:
            return INCORRECT, (f"{', '.join(_echo(k) for k in unknown[:3])} is not one of the items. The items "
                               f"are: {', '.join(items)}.")
        blank = [item for item in items if not str(answer.get(item, "")).strip()]
        if len(blank) == len(items):
            return NOT_ATTEMPTED, "Give each item your judgement, then check again."
        if blank:
            return INCORRECT, f"Still to judge: {', '.join(blank)}."
        odd = [item for item in items if _normalise(answer[item]) not in labels]
        if odd:
            return INCORRECT, (f"The judgement for {odd[0]} ({_echo(str(answer[odd[0]]))}) is not one of: "
                               f"{', '.join(self.labels)}.")
        return ANSWERED, (f"Recorded: your {len(items)} judgements. Now see the kit's, with its reasons: "
                          f"{self.name}.compare().")

    def attempted(self) -> bool:
        result = RESULTS.get((self.exercise_set, self.name))
        return result is not None and result.status == ANSWERED

    def compare(self, /, mine=None) -> "Comparison | Text":
        """Your judgements (your variable, or ``mine``) beside the kit's and its reasons: only once your
        own are recorded."""
        if not self.attempted():
            return Text(f"Judge first: fill in `{self.var}`, run `{self.name}.check()`, then compare. The kit "
                        "keeps its own judgements hidden until yours are recorded.")
        from .engine import _caller_namespace

        if not isinstance(mine, dict):
            mine = _caller_namespace().get(self.var, {})
        kit = self.kit() if callable(self.kit) else self.kit
        rows = [(str(item), text, str(mine.get(item, "")), *kit[item]) for item, text in self._items().items()]
        return Comparison(self.name, rows)

    def solution(self, /, *_ignored, **_also_ignored) -> Text:
        return Text(f"**{self.name}** has no single right answer: record your judgements, then "
                    f"`{self.name}.compare()` shows the kit's, with its reasons.")


class Comparison:
    """The student's judgements beside the kit's, with the kit's reason for each."""

    def __init__(self, name: str, rows: list[tuple]):
        self.name = name
        self.rows = rows  # (item, text, yours, kit's, kit's reason)

    @property
    def agreed(self) -> int:
        return sum(_normalise(yours) == _normalise(kits) for _, _, yours, kits, _ in self.rows)

    def _ask(self) -> str:
        differ = len(self.rows) - self.agreed
        if not differ:
            return "You and the kit agree on every item. Read its reasons: do they match yours?"
        return (f"You differ on {differ} of {len(self.rows)}. For each, read the kit's reason: does it "
                "change your mind, or do you have evidence it did not weigh? The kit can be wrong too.")

    def __repr__(self) -> str:
        lines = [f"{self.name}: you agree with the kit on {self.agreed} of {len(self.rows)}."]
        for item, _, yours, kits, reason in self.rows:
            mark = "same" if _normalise(yours) == _normalise(kits) else "differs"
            lines.append(f"- {item}: yours {yours!r}, the kit's {kits!r} ({mark}). {reason}")
        return "\n".join(lines + [self._ask()])

    def _repr_html_(self) -> str:
        # Notebooks right-align table cells; sentences read left-aligned (a cell's own style wins).
        left = 'style="text-align:left;vertical-align:top"'
        cells = []
        for item, text, yours, kits, reason in self.rows:
            shade = "" if _normalise(yours) == _normalise(kits) else ' style="background:#fff3e0"'
            cells.append(f'<tr{shade}><td style="text-align:left;vertical-align:top;white-space:nowrap">{html.escape(item)}</td>'
                         + "".join(f"<td {left}>{html.escape(cell)}</td>" for cell in (text, yours, kits, reason))
                         + "</tr>")
        heads = "".join(f"<th {left}>{h}</th>" for h in ("item", "what it says", "yours", "the kit's",
                                                          "the kit's reason"))
        return (f"<p><b>{html.escape(self.name)}</b>: you agree with the kit on {self.agreed} of "
                f"{len(self.rows)}. Rows where you differ are shaded.</p>"
                f"<table><thead><tr>{heads}</tr></thead><tbody>" + "".join(cells)
                + f"</tbody></table><p>{html.escape(self._ask())}</p>")
