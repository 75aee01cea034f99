"""Exercises of notebook 03, the international actors: exercises/teacher/03_international_actors.ipynb.

The set goes from guided to open. The troop figures: add the published contingents (guided), then share
them out of another total (transfer). The statements: code five statements yourself before the kit shows
its coding (judge first, then compare), count statements per actor type with pandas, draw the count as a
chart with the kit's style, then use the kit's coding on a stance the lesson did not count. The network:
the rows of the ties table and the degree of an actor the lesson did not work through. Open: a function
that dates any actor's first statement (extension), and two written answers (framings; interests).

``statements`` has no ``stance`` column: the kit's coding comes from ``kit_coding()`` once q3 is recorded.
Every expected value is computed from the data. ``LESSON`` holds the practice of
notebooks/03_international_actors.ipynb (its own questions, c1-c3, not copies of these).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qantar import actors as tools
from qantar import data, style
from qantar.exercises.engine import (CORRECT, INCORRECT, FunctionQuestion, Question, QuestionSet, ValueQuestion,
                                     WrittenQuestion, _describe, ____)  # noqa: F401
from qantar.exercises.judge_first import JudgeFirstQuestion

what_it_shows = tools.what_it_shows  # in the theme module: an assessed notebook uses it without the set

_coded = data.load("statements")  # with the kit's stance: handed out by kit_coding() only
actors = data.load("actors")
statements = _coded.drop(columns="stance")  # students code statements before they see the kit's coding
deployment = data.load("csto_deployment")
contingents = data.load("csto_contingents")
members = data.load("csto_members")
ties = data.load("ties")


def _network():
    """``network`` (without the UK links layer), built when first asked for, by a student's code or q7's
    check: the lesson imports this module for its own practice only, and does not need it."""
    if "network" not in globals():
        globals()["network"] = tools.build_network(actors, ties, members, contingents)
    return globals()["network"]


def __getattr__(name: str):
    if name == "network":
        return _network()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------------
# Judge first: statements to code, and the kit's reasons (our own words)


def _items(ids) -> dict:
    """Each statement as a student reads it: who, when, what (our paraphrase); never its stance."""
    rows = statements.set_index("statement_id").loc[list(ids)]
    names = {a: tools.short_name(n) for a, n in tools.actor_names(actors).items()}

    def who(row) -> str:  # the speaker, after the actor's name when the speaker's title does not say it
        name = names[row.actor_id]
        return row.speaker if name in row.speaker else f"{name}: {row.speaker}"

    return {sid: f"{who(row)}, {tools._date(row.date)}: {row.paraphrase}" for sid, row in rows.iterrows()}


def _kit(reasons: dict) -> dict:
    """The kit's stance for each statement (from the data) with the reason for it."""
    stance = _coded.set_index("statement_id")["stance"].astype(str)
    return {sid: (stance[sid], reason) for sid, reason in reasons.items()}


# The lesson's statements: one clear case of most codes, and two with a defensible second reading.
LESSON_REASONS = {
    "s01": "The main point is the cause he gives: groups 'trained abroad' and aggression from outside. It also "
           "explains his request for help, but the foreign framing is what the statement adds.",
    "s09": "It says who sends soldiers and what they will guard, and takes no side on the protests.",
    "s23": "The cabinet backs the request of Kazakhstan's 'lawful authorities' and asks citizens to welcome the "
           "decision to help them.",
    "s43": "The appeal is for restraint, an end to violence and dialogue. Human rights come in the spokesman's "
           "second sentence, so 'raises_rights_concerns' is a defensible second reading.",
    "s36": "The order to shoot to kill is the main point. He also repeats the US questions about the Russian-led "
           "force, so 'warns_about_russia' is a defensible second reading.",
    "s27": "It disputes part of the Kazakh authorities' account: that the man shown on state television was a "
           "terrorist.",
}

# The exercise set's statements (q3): others than the lesson's, with more room for disagreement.
SET_REASONS = {
    "s17": "The ministry defends the deployment as a lawful answer to an ally's request; the retort to the US is "
           "how it says so. The codes have no label for a reply to another government: a limit of the codes.",
    "s30": "Opposing 'colour revolutions' stirred by outside forces is Xi's main point; backing Kazakhstan comes "
           "second, so 'supports_government' is a defensible reading.",
    "s39": "It asks for an international investigation, sanctions and releases: accountability.",
    "s41": "It sets conditions on the CSTO force (a clear mission, a time limit, proportionate force). The kit "
           "codes conditions on the deployment as questioning it.",
    "s53": "He disputes the official account (he says there were no foreigners among the protesters) while "
           "claiming a role for himself; both claims are his and are unconfirmed.",
}


def kit_coding():
    """The statements with the kit's stance column, once your own coding (q3) is recorded in this notebook;
    before that, a message and None."""
    if not q3.attempted():
        from IPython.display import Markdown, display

        display(Markdown("**Judge first.** Code the five statements of question 3 yourself and run `q3.check()`; "
                         "then run this cell again to get the kit's coding of every statement."))
        return None
    return _coded.copy()


# ---------------------------------------------------------------------------------------------
# A chart, checked by what it shows


@dataclass(repr=False)
class ChartQuestion(Question):
    """A bar chart the student draws with the kit's style helpers (``style.new_axes``, ``style.finish``,
    ``style.show``), checked by what it shows (``what_it_shows(ax)``, plain data): the bars' values by
    label, a title, the counted axis labelled, and a description with its sources. ``expected`` is
    {category: value} (or a function returning it); ``names`` gives other spellings of each category."""

    kind = "chart"
    expected: Any = None
    names: dict = None
    counted: str = "statements"  # what the bars count, for the messages

    def judge(self, answer):
        from matplotlib.axes import Axes

        if isinstance(answer, Axes):
            return INCORRECT, (f"Nearly: set `{self.var} = what_it_shows(ax)`. It records what your chart shows "
                               "(its bars, title, axis label, description and sources), which is what is checked.")
        if not isinstance(answer, dict) or not {"title", "counted axis", "bars", "description"} <= set(answer):
            return INCORRECT, (f"Your answer is {_describe(answer)}. Draw the chart on `ax`, then set "
                               f"`{self.var} = what_it_shows(ax)`.")
        bars = [(str(label), float(value)) for label, value in answer["bars"]]
        if not bars:
            return INCORRECT, "Your chart has no bars yet: draw them with `ax.barh(labels, counts)` or `ax.bar(...)`."
        expected = self.expected() if callable(self.expected) else self.expected
        problem = self._compare(bars, expected)
        if problem:
            return INCORRECT, problem
        if not str(answer["title"]).strip():
            return INCORRECT, "The bars are right. Add a title that says what the chart shows: `ax.set_title(...)`."
        if not str(answer["counted axis"]).strip():
            return INCORRECT, (f"The bars are right. Label the axis of the counts with what is counted "
                               f"({self.counted}): `ax.set_xlabel(...)` for horizontal bars.")
        if not str(answer["description"]).strip() or not answer.get("sources"):
            return INCORRECT, ("Almost: finish the chart with `style.finish(ax, description, source_ids)`: one "
                               "sentence saying what it shows, and the sources of the rows you counted (their "
                               "`source_ids` column).")
        return CORRECT, "Your chart shows the right counts, with a title, a labelled axis, a description and sources."

    def _compare(self, bars, expected) -> str:
        """A message about the first bar that does not match, or '' when every bar does."""
        lookup = {}  # every category the bars may show (those counted 0 too), under each of its spellings
        for category in {*expected, *(self.names or {})}:
            for spelling in [category, *(self.names or {}).get(category, [])]:
                lookup[_plain(spelling)] = category
        shown = {}
        for label, value in bars:
            category = lookup.get(_plain(label))
            if category is None and value:
                return (f"A bar is labelled {label!r}, which is not an actor type. Label each bar with its actor "
                        "type (the index of your counts gives the labels).")
            if category is not None:
                shown[category] = value
        missing = [c for c, v in expected.items() if v and c not in shown]
        if missing:
            return f"Your chart has {len(shown)} labelled bars; some actor types that made statements have no bar."
        for category, value in shown.items():
            if abs(value - expected.get(category, 0)) > 1e-9:
                return (f"The bar for {category!r} shows {value:g}: check your count of {self.counted} for that "
                        "type (the method of question 4).")
        return ""


def _plain(text) -> str:
    return " ".join(str(text).replace("_", " ").casefold().split())


# ---------------------------------------------------------------------------------------------
# Expected values, computed from the data


def _published_troops():
    return int(tools.latest_contingent_figures(deployment)["troops"].sum())


def _all_contingent_figures():
    """The predictable slip of q1: every contingent figure added, Armenia's superseded one too."""
    rows = deployment[(deployment["country"] != tools.ALL) & deployment["troops"].notna()]
    return int(rows["troops"].sum())


def _announced_total():
    rows = deployment[(deployment["country"] == tools.ALL) & (deployment["figure_kind"] == "announced")]
    return int(rows.sort_values("reported_on")["troops"].iloc[0])


def _share_of_announced():
    return round(_published_troops() / _announced_total() * 100, 1)


def _share_of_deployed():
    return round(_published_troops() / int(tools.deployed_total(deployment)["troops"]) * 100, 1)


def _statements_per_type() -> dict:
    counts = tools.with_actor_type(statements, actors)["actor_type"].astype(str).value_counts()
    return {kind: int(n) for kind, n in counts.items()}


def _org_statements():
    return _statements_per_type()["international_org"]


def _orgs_that_spoke():
    typed = tools.with_actor_type(statements, actors)
    return int(typed.loc[typed["actor_type"] == "international_org", "actor_id"].nunique())


def _actors_with(stance):
    return int(_coded.loc[_coded["stance"] == stance, "actor_id"].nunique())


def _statements_with(stance):
    return int((_coded["stance"] == stance).sum())


def _rows_of(actor_id, side=None):
    sides = ["from_actor", "to_actor"] if side is None else [side]
    return int(ties[sides].eq(actor_id).any(axis=1).sum())


def _first_date_cases():
    first = statements.groupby("actor_id")["date"].min()
    return [((actor_id,), first[actor_id]) for actor_id in ["uzbekistan", "china", "turkey", "osce",
                                                             "european_parliament"]]


_TYPE_NAMES = {kind: [label, label.replace("organisation", "organization"), f"{label}s"]
               for kind, label in tools.TYPE_LABELS.items()}


QUESTIONS = QuestionSet("actors", "The international actors: exercises", [
    # --- the troop figures -------------------------------------------------------------------------
    ValueQuestion(
        name="q1", var="published_troops",
        prompt="Only three national contingents have a published number. Taking one figure for each (its latest: "
               "a 'deployed' figure before an 'announced' one), how many soldiers did those three send in total?",
        expected=_published_troops,
        mistakes=lambda: {_all_contingent_figures(): (
            "You added every contingent figure in the table, so one contingent is counted twice: Armenia's early "
            "'about 70' was replaced by its Defence Ministry's own figure. Take one figure per contingent.")},
        hints=["`tools.latest_contingent_figures(deployment)` keeps one row per contingent that has a number. "
               "Look at it first: which countries are in it?",
               "Add up its `troops` column with `.sum()`; `int(...)` turns the result into an ordinary number."],
        solution_code='latest = tools.latest_contingent_figures(deployment)\n'
                      'published_troops = int(latest["troops"].sum())',
        explanation="Armenia's Defence Ministry gave 100 (an earlier Sputnik report said about 70), Kyrgyzstan's "
                    "parliament approved 150 and an unofficial source gave about 200 for Tajikistan. Adding them is "
                    "our calculation; one of the three numbers is unofficial and approximate.",
    ),
    ValueQuestion(
        name="q2", var="announced_share_pct",
        prompt="The lesson divided each published contingent by the force as deployed (2,030). Now divide your "
               "total from question 1 by the force as first announced: the figure the CSTO's Secretary-General "
               "gave on 6 January (the 'announced' row for 'All contingents'). What percentage is that? Round to "
               "one decimal.",
        expected=_share_of_announced, abs_tol=0.1,
        mistakes=lambda: {_share_of_deployed(): (
            "That is the share of the force as deployed, the lesson's total. This question divides by the "
            "figure announced on 6 January.")},
        hints=["Find the announced figure: keep the rows of `deployment` where `country` is 'All contingents' and "
               "`figure_kind` is 'announced'.",
               "A share is the part divided by the whole, times 100: `round(published_troops / announced * 100, 1)`."],
        solution_code='announced_rows = deployment[(deployment["country"] == "All contingents")\n'
                      '                            & (deployment["figure_kind"] == "announced")]\n'
                      'announced = int(announced_rows["troops"].iloc[0])\n'
                      'announced_share_pct = round(published_troops / announced * 100, 1)',
        explanation="Under a fifth of the announced force, and a little more than a fifth of the deployed one: the "
                    "share depends on the total you divide by. The announced figure was approximate ('about') and "
                    "given on 6 January, as the first troops landed, so this share is our calculation from an "
                    "estimate, not a reported fact.",
    ),
    # --- the statements --------------------------------------------------------------------------
    JudgeFirstQuestion(
        name="q3", var="my_stances",
        prompt="Code five statements yourself before you see the kit's coding. For each, choose the stance that "
               "best fits its main point; several can be defensible.",
        items=lambda: _items(SET_REASONS),
        labels=tools.STANCE_MEANINGS,
        kit=lambda: _kit(SET_REASONS),
        hints=["Read each statement twice. What is its main point: who or what does it talk about most?",
               "Where two codes fit, choose the one that matches what the speaker adds to the debate, and note "
               "the other: the comparison will ask you why."],
        solution_code='my_stances = {\n'
                      '    "s17": "supports_government",\n'
                      '    "s30": "supports_government",\n'
                      '    "s39": "calls_for_accountability",\n'
                      '    "s41": "warns_about_russia",\n'
                      '    "s53": "questions_official_account",\n'
                      '}',
    ),
    ValueQuestion(
        name="q4", var="org_statements",
        prompt="Count the statements per actor type. Join each statement to its actor's type with "
               "`tools.with_actor_type(statements, actors)`, then count the rows of each type. How many "
               "statements did international organisations (type 'international_org') make?",
        expected=_org_statements,
        mistakes=lambda: {_orgs_that_spoke(): (
            "That is the number of international organisations that spoke. The question asks how many statements "
            "they made: some spoke more than once.")},
        hints=["After the join, each row is one statement and has an `actor_type` column.",
               "`typed['actor_type'].value_counts()` counts the rows of each type; pick one with "
               "`['international_org']`."],
        solution_code='typed = tools.with_actor_type(statements, actors)\n'
                      'per_type = typed["actor_type"].value_counts()\n'
                      'org_statements = int(per_type["international_org"])',
        explanation="The kit's table is a selection: it holds what the research found for each actor, so a count "
                    "says how often an actor type appears in the selection, not how much it said or how much it "
                    "mattered.",
    ),
    ChartQuestion(
        name="q5", var="type_chart",
        prompt="Draw your counts of question 4 as a horizontal bar chart with the kit's style: start with "
               "`ax = style.new_axes(figsize=(7, 3.5))`, draw the bars with `ax.barh(...)`, give it a title and "
               "label the axis of the counts, finish with `style.finish(ax, description, source_ids)` and show it "
               "with `style.show(ax)`. Then set `type_chart = what_it_shows(ax)`: what your chart shows, which the "
               "check reads.",
        expected=_statements_per_type, names=_TYPE_NAMES,
        hints=["`per_type.index` gives the labels and `per_type.values` the lengths: "
               "`ax.barh(per_type.index.astype(str), per_type.values)`.",
               "The description is one sentence of what the chart shows; the sources are the statements' "
               "`source_ids` column: `style.finish(ax, 'Statements in the kit's table by actor type, 5-25 January "
               "2022.', statements['source_ids'])`."],
        solution_code='ax = style.new_axes(figsize=(7, 3.5))\n'
                      'shown = per_type[per_type > 0].sort_values()\n'
                      'labels = [tools.TYPE_LABELS[t] for t in shown.index]\n'
                      'ax.barh(labels, shown.values, color=style.PALETTE["blue"])\n'
                      'ax.set_title("Statements in the kit\'s table, by actor type (January 2022)")\n'
                      'ax.set_xlabel("statements in the kit\'s table")\n'
                      'style.finish(ax, "How many of the kit\'s statements each type of actor made, "\n'
                      '                 "5-25 January 2022.", statements["source_ids"])\n'
                      'style.show(ax)\n'
                      'type_chart = what_it_shows(ax)',
        explanation="A chart for readers names what it shows (the title), what is counted (the axis) and where the "
                    "numbers come from (the description and sources under it). Sorting the bars makes the order easy "
                    "to read; the lengths still count the kit's selection, not the actors' importance.",
    ),
    ValueQuestion(
        name="q6", var="warning_actors",
        prompt="Now use the kit's coding (`coded`, loaded after question 3). How many different actors "
               "made at least one statement the kit coded 'warns_about_russia' (questions the Russian-led "
               "deployment)?",
        expected=lambda: _actors_with("warns_about_russia"),
        mistakes=lambda: {_statements_with("warns_about_russia"): (
            "That counts statements. The question asks how many different actors made them: one actor spoke "
            "more than once.")},
        hints=["Keep the rows of `coded` with that stance, then look at their `actor_id` column.",
               "`.nunique()` counts the different values of a column."],
        solution_code='warning_actors = coded.loc[coded["stance"] == "warns_about_russia", "actor_id"].nunique()',
        explanation="Two governments (the United States and the United Kingdom), the EU, the Belarusian opposition in "
                    "exile and an Armenian commentator: critics of the Russian-led force came from the West and from "
                    "people of two of the countries that sent troops. The count rests on the kit's coding, which you "
                    "have now tested on five statements.",
    ),
    # --- the network -----------------------------------------------------------------------------
    ValueQuestion(
        name="q7", var="eu_tie_rows",
        prompt="The lesson counted China's rows in the ties table. Now count the European Union's: how many rows "
               "of `ties` have 'eu' as `from_actor` or as `to_actor`?",
        expected=lambda: _rows_of("eu"),
        mistakes=lambda: {_rows_of("eu", "from_actor"): (
                              "You counted the rows where the EU is `from_actor` only. A tie can name it on either "
                              "side: add the rows where it is `to_actor` (`|` means 'or')."),
                          _rows_of("eu", "to_actor"): (
                              "You counted the rows where the EU is `to_actor` only. Add the rows where it is "
                              "`from_actor` (`|` means 'or').")},
        hints=["Two conditions, either of which is enough: "
               "`(ties['from_actor'] == 'eu') | (ties['to_actor'] == 'eu')`.",
               "Keep the rows with that condition, `ties[condition]`, and count them with `len(...)`."],
        solution_code='eu_rows = ties[(ties["from_actor"] == "eu") | (ties["to_actor"] == "eu")]\n'
                      'eu_tie_rows = len(eu_rows)',
        explanation="Trade in dollars and as a share, two estimates of the EU's share of investment (from the Kazakh "
                    "government and from an EU official), a partnership agreement, and the European Parliament as "
                    "one of its institutions.",
    ),
    ValueQuestion(
        name="q8", var="eu_degree",
        prompt="What is the European Union's degree in `network` (the number of different actors it is directly "
               "tied to)?",
        expected=lambda: int(_network().degree("eu")),
        mistakes=lambda: {_rows_of("eu"): (
            "That is the number of rows of the ties table (question 7). The degree counts different actors: "
            "several rows can tie the EU to the same one.")},
        hints=["networkx gives a node's degree with `network.degree(node)`.",
               "The EU's node is its actor_id, 'eu'."],
        solution_code='eu_degree = network.degree("eu")',
        explanation="Many rows, few neighbours: five of the EU's rows tie it to Kazakhstan, and one to the European "
                    "Parliament. A degree counts who is tied, not how many ties, or how big they are.",
    ),
    # --- open ------------------------------------------------------------------------------------
    FunctionQuestion(
        name="q9", var="first_date",
        prompt="Extension (optional). Write a function that takes an actor's `actor_id` and returns the date of that "
               "actor's first statement in `statements`. Name it as you like, then set `first_date` to it (its "
               "name, without brackets). Try it on a few actors: who spoke early, and who late?",
        cases=_first_date_cases,
        hints=["Inside the function: keep the rows of `statements` whose `actor_id` is the one given, sort them by "
               "`date`, and return the first row's date.",
               "`rows = statements[statements['actor_id'] == actor_id].sort_values('date')` then "
               "`return rows['date'].iloc[0]`."],
        solution_code='def first_said(actor_id):\n'
                      '    rows = statements[statements["actor_id"] == actor_id].sort_values("date")\n'
                      '    return rows["date"].iloc[0]\n'
                      '\n'
                      'first_date = first_said',
        explanation="One function answers for every actor. Uzbekistan's foreign ministry spoke on 5 January, before "
                    "the CSTO had decided to send troops; China spoke on 7 January, Turkey on 9 January, the OSCE's "
                    "chair on 10 January, and the European Parliament on 20 January, after the troops had left. A "
                    "first date in the kit's table is the first the research found, not always the first thing an "
                    "actor said.",
    ),
    WrittenQuestion(
        name="q10", var="framings_answer",
        prompt="Compare two framings of the CSTO deployment: President Putin's at the CSTO summit (statement s15, "
               "with s16) and the US Secretary of State's (s34, with s36). For each, say what it presents the "
               "deployment as, which words carry the framing, and what it leaves out. Then suggest how each "
               "speaker's position may explain the framing. Cite statement ids and say who said what, when.",
        hints=["Run `tools.framings_table(statements, actors, ['s15', 's16', 's34', 's36'])` to see them side by side.",
               "Look for the words that carry each framing ('colour revolution'; 'in your house'), for how each "
               "speaker treats the protesters and the request for troops, and for what each leaves out. Check "
               "each statement's date against what had happened by then."],
        model_answer=(
            "On 10 January Putin (s15) presented the deployment as the defence of an ally against foreign-backed "
            "aggression: the words 'so-called colour revolution' and 'Maidan technologies' tie the unrest to "
            "outside organisers. He did speak of the fuel-price protests, but set them apart: the people "
            "protesting about gas prices, he said, were different people from the armed groups, and the threat "
            "came from forces at home and abroad that exploited the protests. He gave no evidence for the foreign "
            "part. He added that the force guarded key sites and would leave when Tokayev wished (s16). Blinken "
            "(7 and 9 January, s34, s36), speaking before the withdrawal began on 13 January, presented the same "
            "deployment as an invitation to Russian troops that, in his view, Kazakhstan did not need and might "
            "find hard to undo ('once Russians are in your house'), and condemned the order to fire without warning. He did "
            "not mention that Kazakhstan had the right to ask its treaty allies; whether his warning would come "
            "true could only be seen later (the troops had left by 19 January). Each framing fits the speaker's "
            "position: Russia led the force, opposes protest movements on its borders and was at odds with the "
            "West over Ukraine; the US has large oil investments in Kazakhstan and was at odds with Russia over "
            "Ukraine. Both are claims by interested parties, to be checked against what the troops did."),
        rubric=[
            "Summarises one statement, or judges a side as right or wrong without evidence.",
            "Describes both framings but without the words that carry them or without saying what each leaves out.",
            "Compares both framings, quotes the key words, notes an omission in each, and cites ids, speakers and dates.",
            "As level 3, and links each framing to the speaker's position and interests while treating both as "
            "claims to test against evidence (for example what the troops guarded and when they left).",
        ],
        min_words=60,
    ),
    WrittenQuestion(
        name="q11", var="interests_answer",
        prompt="Choose two outside actors (for example China and the United States, or Russia and the European "
               "Union). Using the ties table and the network, say which of their statements their interests may "
               "help explain, and what those interests do not explain. Give at least one figure with its year "
               "and who gives it.",
        hints=["Open the actor explorer, or run `tools.actor_ties(network, 'china')` and "
               "`tools.filter_statements(statements, actors, actor_id='china')`.",
               "Interests may explain a tone (support, caution); ask what else could explain it: alliances, "
               "domestic politics, values, or simply what the speaker was asked."],
        model_answer=(
            "China and the US. China's ties are large: Xi launched the Silk Road Economic Belt in Astana in 2013, "
            "and trade reached $31.2bn in 2022 by Chinese customs data (Kazakh statistics give less). A stable "
            "neighbour on its trade routes may help explain why Xi praised Tokayev's 'decisive' actions on 7 "
            "January (s28) and warned against 'colour revolutions' (s30). US firms hold large stakes: Chevron "
            "owns 50% of Tengizchevroil, the largest single contributor to Kazakh state revenue (WSJ; TRT World). "
            "That may help explain why Blinken cared about stability and about Russian troops staying (s34). But "
            "interests do not explain everything. The US also condemned the shoot-to-kill order (s36), which "
            "did nothing for its investments, so values and its rivalry with Russia matter too. China's words "
            "also fit its general opposition to what it calls 'colour revolutions' (s30), not only trade. "
            "And the ties table is incomplete: it "
            "lists the ties the kit's sources describe, so an actor with few edges is not an actor without "
            "interests."),
        rubric=[
            "Lists ties or statements without connecting them.",
            "Connects one interest to one statement, without a figure or without any limit.",
            "For two actors, connects cited figures (value, year, who gives it) to specific statements, and names "
            "one thing interests do not explain.",
            "As level 3, and weighs other explanations (alliance duties, domestic politics, values) and the limits "
            "of the data, avoiding the claim that interests alone decided what was said.",
        ],
        min_words=60,
    ),
])

(q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11) = QUESTIONS


# ---------------------------------------------------------------------------------------------
# The lesson's own practice (notebooks/03_international_actors.ipynb): not graded, not copies of the above


def _restraint_actors():
    return _actors_with("calls_for_restraint")


LESSON = QuestionSet("actors_lesson", "The international actors: practice in the lesson", [
    JudgeFirstQuestion(
        name="c1", var="my_codes",
        prompt="Code six statements yourself before you see the kit's coding: for each, the stance that best fits "
               "its main point.",
        items=lambda: _items(LESSON_REASONS),
        labels=tools.STANCE_MEANINGS,
        kit=lambda: _kit(LESSON_REASONS),
        hints=["Ask of each statement: what is its main point? Choose the code whose meaning fits that point.",
               "Two codes may both fit. Choose one, and be ready to say why when you compare."],
    ),
    ValueQuestion(
        name="c2", var="restraint_actors",
        prompt="How many different actors made at least one statement the kit coded 'calls_for_restraint'?",
        expected=_restraint_actors,
        mistakes=lambda: {_statements_with("calls_for_restraint"): (
            "That counts statements. The question asks how many different actors made them.")},
        hints=["Keep the statements with that stance, then look at their `actor_id` column.",
               "`.nunique()` counts the different values of a column."],
        solution_code='restraint_actors = statements.loc[statements["stance"] == "calls_for_restraint", '
                      '"actor_id"].nunique()',
        explanation="The calls for restraint came from Western governments and international organisations.",
    ),
    WrittenQuestion(
        name="c3", var="central_answer",
        prompt="Answer the lesson's central question in 100 to 150 words: why did the CSTO, which had never before "
               "sent its collective forces into a member state, send troops to Kazakhstan in January 2022, and what "
               "did outside powers say about it? Use evidence from this lesson: at least one troop figure and two "
               "statements, each with who gave it and when. Say what the evidence cannot show.",
        hints=["Start with the request and the answer to it: who asked, when, and on what grounds.",
               "Then set two framings side by side (a government that backed the deployment, one that questioned "
               "it), and end with what no source has shown."],
        model_answer=(
            "The CSTO sent troops because President Tokayev asked its leaders for help on 5 January, calling the "
            "attackers terrorist groups trained abroad (s01); the alliance's chair, Armenia's Prime Minister "
            "Pashinyan, announced the deployment under Article 4 that night. About 2,500 soldiers were announced "
            "(Zas, 6 January) and 2,030 reported (Tokayev, 10 January); Russia and Belarus never published their "
            "numbers. The force guarded sites and had left by 19 January. Outside powers framed it differently. "
            "Putin spoke of a 'colour revolution' (s15, 10 January) and China opposed outside interference, "
            "while neighbours, Turkey and the Organization of Turkic States backed the Kazakh government. Blinken "
            "asked why Russian troops were needed (s34, 7 January), and the UN and the OSCE called for restraint. "
            "Interests such as oil routes may help explain these positions, but the Kazakh authorities have "
            "published no evidence of a foreign force, so the official reason remains their claim."),
        rubric=[
            "Describes the deployment or some statements without saying who gave the figures or said the words.",
            "Gives a reason for the deployment and what some powers said, naming who and when, but treats one "
            "side's account as settled (for example that foreign terrorists attacked, or that the Russian troops "
            "came to stay).",
            "Names the sources of its figures and statements, compares at least two framings, and explains one "
            "reason they differ (the speaker's position or interests).",
            "As level 3, and says what the evidence cannot show (no published evidence of a foreign force; the "
            "unpublished Russian and Belarusian numbers; the ties no one collected), ending with a judgement "
            "attributed to the evidence ('according to ...', 'the sources agree that ..., but differ on ...').",
        ],
        min_words=100,
    ),
])
c1, c2, c3 = LESSON

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "c1", "c2", "c3", "____",
           "actors", "statements", "deployment", "contingents", "members", "ties", "network", "tools", "style",
           "kit_coding", "what_it_shows", "QUESTIONS", "LESSON"]
