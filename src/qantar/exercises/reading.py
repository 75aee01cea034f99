"""Exercises of notebook 04, reading the sources: exercises/teacher/04_reading_the_sources.ipynb.

The set goes from guided to open. Students classify blocks of the article that the lesson did not
classify for them, judge six claims of the other documents before the kit shows its verdicts (judge first,
then compare), write a little pandas (a filter, a group count, a function) and a chart, trace a figure to
the document that first gave it, and write on contextualization and on close reading of both sides: the
starting article and President Tokayev's address of 7 January. Extensions: an open data question, sourcing
an official briefing, and corroborating the detention figures. Every expected value comes from the data.

Students get the tables without the kit's own judgements (``reading.without_key``: no verdicts, no classes,
no notes): the kit's verdicts come only through ``q4.compare()``, after the student's own are recorded.
``LESSON`` holds the practice of the lesson notebook (p1-p3), under names of its own.
"""
from qantar import data, reading, style  # noqa: F401 - style: students draw their chart with it
from qantar.exercises.engine import (ChoiceQuestion, FunctionQuestion, QuestionSet, ValueQuestion,  # noqa: F401
                                     WrittenQuestion, ____)
from qantar.exercises.judge_first import JudgeFirstQuestion

_claims, documents, _paragraphs = reading.load_tables()
claims = reading.without_key(_claims)          # what students work on: no verdicts
paragraphs = reading.without_key(_paragraphs)  # no key classes, no notes, no loaded-words key


# ---------------------------------------------------------------------------------------------
# Classifying blocks the lesson did not classify


def _key(n):
    return lambda: str(_paragraphs.set_index("paragraph").loc[n, "key_class"])


def _alternatives(n):
    def alternatives():
        value = _paragraphs.set_index("paragraph").loc[n, "accepted_alternatives"]
        return [] if not isinstance(value, str) else value.split(";")
    return alternatives


def _summary(n) -> str:
    return _paragraphs.set_index("paragraph").loc[n, "summary"]


APPEAL_DOES_NOT_FIT = "an appeal asks readers to give money to, or support, the publisher; nothing in this block does."


def _classify(name, var, n, hints, explanation, option_reasons, alternative_note=""):
    return ChoiceQuestion(
        name=name, var=var,
        prompt=(f"Block {n} of the article (the kit's summary: \"{_summary(n)}\"). Read it in your printed "
                "copy. Which class fits the whole block best?"),
        options=list(reading.CLASSES), answer=_key(n), alternatives=_alternatives(n),
        alternative_note=alternative_note, option_reasons=option_reasons, hints=hints,
        solution_code=f"{var} = {_key(n)()!r}",
        explanation=explanation,
    )


CLASS_HELP = ("The classes: " + "; ".join(f"{c} ({m})" for c, m in reading.CLASS_MEANINGS.items()) + ".")


# ---------------------------------------------------------------------------------------------
# Judge first, then compare: the kit's verdict on each claim, with its reason in the kit's words.
# Each entry names the verdict the reason was written for; tests/test_reading.py fails if the data's
# verdict changes, so that a reason is never shown beside a verdict it does not explain.

VERDICT_REASONS = {
    # the lesson's practice (p2): the article and the Kazakh government on the same days
    "cwi-20": ("supported_with_nuance", "Tokayev did give about 20,000 attackers on 7 January, so the core "
               "is right; but he spoke of local as well as foreign attackers, and the article makes all of them "
               "foreigners."),
    "cwi-21": ("contested", "No evidence for 20,000 attackers has been published, so doubting the figure is "
               "reasonable; but nothing published shows it false either, and the investigations are closed. "
               "'Clearly false' claims more than anyone can check."),
    "cwi-42": ("wrong", "Kazakhstan is a significant producer of precious metals but not the leading one (sixth in "
               "world gold output in 2023). 'A major producer' would have been true; 'the major producer' is not."),
    "gov-01": ("unsupported", "The authorities have never published how the 20,000 was counted; the Prosecutor "
               "General's later repeat of the number is not evidence for it."),
    "gov-04": ("supported", "An order is something a president can confirm himself: he announced it on "
               "television, several agencies reported it, and no formal withdrawal was found."),
    "gov-08": ("contested", "The government itself withdrew the figure as a 'technical error', yet six days later "
               "the official toll was higher. Sources disagree about the post, not about whether people died."),
    # the exercise set (q4): Russia, the Kazakh president, the United States and Human Rights Watch
    "rus-01": ("unsupported", "No evidence of an organised foreign attack has been published, and no Kazakh "
               "investigation confirmed the foreign fighters of the official version. The comparison with "
               "Ukraine's Maidan is a framing, not evidence."),
    "rus-02": ("supported", "A promise can be checked against what happened: Tokayev announced the withdrawal on "
               "11 January and the last troops left on 19 January."),
    "rus-03": ("supported_with_nuance", "Reports describe the CSTO troops guarding sites, and none found reports "
               "them using force; but those reports come mostly from the two governments involved, so the kit "
               "adds a caution."),
    "gov-07": ("supported_with_nuance", "The CSTO's secretary-general gave the same figure, but both speakers are "
               "parties to the operation and Russia never published its own numbers: two sources on one side are "
               "not fully independent."),
    "us-01": ("opinion", "A hedged warning ('sometimes') that one case can neither prove nor disprove, so the kit "
              "gives it no fact verdict. In this case the troops left within two weeks."),
    "hrw-01": ("supported_with_nuance", "Officials later confirmed part of it (more than 200 torture complaints "
               "under investigation by March 2022, six deaths caused by law enforcement acknowledged); but the "
               "report rests on about a dozen interviews, which show that abuses happened, not how widespread."),
}
SET_CLAIMS = ["rus-01", "rus-02", "rus-03", "gov-07", "us-01", "hrw-01"]
LESSON_CLAIMS = ["cwi-20", "cwi-21", "gov-01", "gov-04", "gov-08", "cwi-42"]

# The lesson's classification practice (p1): the key's class of each block and why, in the kit's words
# (the set asks blocks 6, 11 and 15). Checked against the key by tests/test_reading.py, as above.
BLOCK_REASONS = {
    3: ("reporting", "It states checkable events: the fuel price rise of 1 January and the protests that "
                     "followed. (One detail is off: the fuel was LPG, autogas, in Mangystau.)"),
    10: ("analysis", "It reports no event: it comments on what is known, saying much about the first week is "
                     "still disputed. A fair comment on uncertainty."),
    22: ("official_claim_reported", "Its core is what Xi Jinping said, his backing for the Kazakh government, set "
                                    "beside China's interests there. Reporting is also defensible. Xi's word was "
                                    "'decisive'; 'suppression' is the author's."),
    28: ("opinion", "A political programme: only organised workers can clean up the system. Its classical "
                    "metaphor argues a case; it reports nothing that could be checked."),
}


def _kit_verdicts(claim_ids):
    def kit():
        verdicts = _claims.set_index("claim_id")["verdict"].astype(str)
        return {c: (verdicts[c], VERDICT_REASONS[c][1]) for c in claim_ids}
    return kit


def _verdict_task(name, var, claim_ids, prompt):
    return JudgeFirstQuestion(
        name=name, var=var, prompt=prompt,
        items=lambda: reading.claim_items(_claims, documents, claim_ids),
        labels=dict(reading.VERDICT_MEANINGS), kit=_kit_verdicts(claim_ids),
        hints=["Read the evidence first, then the claim again: does the evidence confirm it, confirm it only in "
               "part, leave it open, or show it false? Is it checkable at all?",
               "Ask who the evidence comes from: sources on one side only make a verdict weaker."],
        solution_code=f"{var} = " + repr({c: VERDICT_REASONS[c][0] for c in claim_ids}),
    )


# ---------------------------------------------------------------------------------------------
# Values computed from the data


def _paragraph_14_claims():
    return _claims.loc[_claims["paragraph"] == 14, "claim_id"].tolist()


def _busiest_document():
    others = _claims[_claims["document_id"] != reading.ARTICLE]
    return others["document_id"].value_counts().index[0]


def _figures_in_date_order(quantity):
    return [float(f) for f in reading.figures_side_by_side(_claims, documents, quantity)["figure"]]


def _deaths_by_document():
    return _claims[_claims["quantity"] == "deaths"].set_index("document_id")["figure"]


def _toll(document_id) -> float:
    return float(_deaths_by_document()[document_id])


def _toll_rise():
    return _toll("pgo-2022-08-summary") - _toll("pgo-2022-01-15-briefing")


def _toll_rise_mistakes():
    """The rises a student gets by starting from another figure on the chart (none of them 238 - 225)."""
    final = _toll("pgo-2022-08-summary")
    return {
        final - _toll("kz-gov-2022-01-09-toll-post"): "You started from the figure of 9 January, the one the "
        "government withdrew. The question starts from the Prosecutor General's figure of 15 January.",
        _toll("pgo-2022-01-15-briefing") - _toll("kz-gov-2022-01-09-toll-post"): "That is the gap between the "
        "withdrawn figure of 9 January and the figure of 15 January. The question asks how the toll rose after "
        "15 January, up to August.",
        final - _toll("pgo-2022-03-14-mazhilis"): "You started from the March figure (the report to parliament). "
        "Start from the figure of 15 January.",
        final - _toll("hrw-2022-05-05-report"): "You started from Human Rights Watch's figure of May. Start from "
        "the Prosecutor General's figure of 15 January.",
    }


def _first_source_162():
    return reading.first_to_give(claims, documents, "wealth_holders", 162)["document_id"]


# ---------------------------------------------------------------------------------------------
# The set

QUESTIONS = QuestionSet("reading", "Reading the sources: exercises", [
    _classify("q1", "class_p6", 6,
              hints=[CLASS_HELP, "Most of the block describes what happened on the squares and in Almaty; its "
                                 "last sentence is a hedged guess. Which part is bigger?"],
              explanation="The key calls it reporting: most sentences describe checkable events (crowds on the "
                          "squares, armed fighting in Almaty). Its last sentence is a guess about rival elite "
                          "factions, so 'analysis' is also accepted.",
              alternative_note="The last sentence is a hedged interpretation, so analysis is defensible.",
              option_reasons={
                  "official_claim_reported": "that class is for a block built around what an official said; no "
                                             "official's words are reported here.",
                  "opinion": "opinion is for value judgements, advocacy or a programme; this block's guess is "
                             "hedged and about who did what, not about what is good or what anyone should do.",
                  "appeal": APPEAL_DOES_NOT_FIT}),
    _classify("q2", "class_p11", 11,
              hints=[CLASS_HELP, "Whose words is this block built around, and what does the article do with them?"],
              explanation="The block's core is a claim made by an official (the president's 20,000 attackers), "
                          "which the article reports and then rejects. The rejection ('clearly false', 'an "
                          "excuse') is a strong judgement, so 'opinion' is also accepted.",
              alternative_note="The block judges the claim so strongly that opinion is defensible.",
              option_reasons={
                  "reporting": "reporting is for blocks that describe events; most of this block is about a "
                               "statement and what the author makes of it, not about the events themselves.",
                  "analysis": "the block does offer an explanation (a pretext for sending troops), but look at "
                              "what it spends most of its words on.",
                  "appeal": APPEAL_DOES_NOT_FIT}),
    _classify("q3", "class_p15", 15,
              hints=[CLASS_HELP, "Two dismissals are facts; what does the block say they show?"],
              explanation="The key calls it analysis: it reads the dismissals of Nazarbayev and Masimov as signs "
                          "of a split at the top, a 'palace coup'. The dismissals themselves are reported facts, "
                          "so 'reporting' is also accepted.",
              alternative_note="The sackings it reports are checkable facts, so reporting is defensible.",
              option_reasons={
                  "official_claim_reported": "the sackings were announced by officials, but the block does not "
                                             "report what an official said: it uses the sackings for an "
                                             "argument of its own.",
                  "opinion": "opinion is for value judgements, advocacy or a programme; this block does not say "
                             "what is good or bad, or what anyone should do.",
                  "appeal": APPEAL_DOES_NOT_FIT}),
    _verdict_task(
        "q4", "my_verdicts", SET_CLAIMS,
        prompt="Judge first. Six claims from Russia's president, Kazakhstan's president, the US Secretary of State "
               "and Human Rights Watch, each with the evidence the kit found. Give each claim your verdict, from "
               "the evidence alone (do not look them up in the claim explorer). Run `q4.show_items()` to see them, "
               "fill in `my_verdicts`, run `q4.check()`, then `q4.compare()` shows the kit's verdicts and reasons."),
    ValueQuestion(
        name="q5", var="claims_p14",
        prompt="Guided: a filter. Which claims of the article does the kit hold for block 14 (the CSTO troops)? "
               "Give their claim_id values as a list. You will read their evidence for question 11.",
        expected=_paragraph_14_claims,
        mistakes={(): "An empty list: your filter matched no rows. The paragraph column holds numbers: compare "
                      "it with 14, not with '14' in quotes."},
        hints=["Keep the rows of `claims` whose `paragraph` is 14: `claims[claims['paragraph'] == 14]`.",
               "Then take the `claim_id` column of those rows and turn it into a list with `.tolist()`."],
        solution_code="claims_p14 = claims.loc[claims['paragraph'] == 14, 'claim_id'].tolist()",
        explanation="Three claims: the list of CSTO members, the troops and their vehicles, and what happened "
                    "after they arrived. `claims[condition]` keeps the rows where the condition is True; "
                    "`.loc[condition, column]` keeps one column of them.",
    ),
    ValueQuestion(
        name="q6", var="busiest_document",
        prompt="Transfer: a group count. Leave out the starting article: which other document has the most "
               "claims in the kit? Give its document_id. (Then ask yourself what that count says about the kit: "
               "which documents did it check most closely?)",
        expected=_busiest_document,
        mistakes={reading.ARTICLE: "That is the starting article, which the question leaves out: drop its rows "
                                   "first, then count."},
        hints=["Drop the article's rows: `claims[claims['document_id'] != 'cwi-article']`.",
               "`.value_counts()` on the document_id column counts rows per document, largest first; `.index[0]` "
               "is the first label."],
        solution_code=("others = claims[claims['document_id'] != 'cwi-article']\n"
                       "busiest_document = others['document_id'].value_counts().index[0]"),
        explanation="President Tokayev's address of 7 January: the kit holds five of its claims, more than of any "
                    "other official text, but far fewer than the article's 68. The kit reads the article claim "
                    "by claim and the official texts only in their main claims: keep that in mind when you "
                    "compare how often each side is 'supported'.",
    ),
    FunctionQuestion(
        name="q7", var="figures_for",
        prompt="Transfer: write a small pandas function. Write a function that takes a quantity (such as "
               "'deaths') and returns the figures the kit's documents give for it, oldest document first, as a "
               "list. Leave out claims without a figure. Then set `figures_for` to your function "
               "(`figures_for = your_function`, without brackets).",
        cases=[(("deaths",), _figures_in_date_order("deaths")),
               (("attackers",), _figures_in_date_order("attackers")),
               (("detained",), _figures_in_date_order("detained"))],
        hints=["Inside the function: filter `claims` on the quantity, drop the rows whose `figure` is missing "
               "(`.dropna(subset=['figure'])`), then add each document's date.",
               "`.merge(documents[['document_id', 'date_earliest']], on='document_id')`, then "
               "`.sort_values('date_earliest')`, and return `['figure'].tolist()`."],
        solution_code=("def figures_in_date_order(quantity):\n"
                       "    rows = claims[claims['quantity'] == quantity].dropna(subset=['figure'])\n"
                       "    rows = rows.merge(documents[['document_id', 'date_earliest']], on='document_id')\n"
                       "    return rows.sort_values('date_earliest')['figure'].tolist()\n\n"
                       "figures_for = figures_in_date_order"),
        explanation="Filter, drop the gaps, join the dates, sort, return a column as a list: the steps of "
                    "`reading.figures_side_by_side`, which the lesson used.",
    ),
    ValueQuestion(
        name="q8", var="toll_rise",
        prompt="A chart of your own. Draw the death tolls in date order with the kit's style helpers (the "
               "skeleton just above is a start: copy it into the answer cell and fill in the blanks). "
               "From your chart: by how many did the official "
               "death toll rise between the Prosecutor General's figure of 15 January 2022 and its figure of "
               "August 2022? (Our calculation.)",
        expected=_toll_rise, mistakes=_toll_rise_mistakes,
        hints=["Five documents give a toll; one of them was withdrawn and one is Human Rights Watch reporting an "
               "official answer. Find the two figures of the Prosecutor General's Office named in the question.",
               "Subtract the figure of 15 January from the figure of August; the code in the solution of q7 gives "
               "the rows you need for the chart."],
        solution_code=(
            "deaths = claims[claims['quantity'] == 'deaths'].dropna(subset=['figure'])\n"
            "deaths = deaths.merge(documents[['document_id', 'author', 'date_earliest', 'source_ids']], "
            "on='document_id').sort_values('date_earliest')\n"
            "ax = style.new_axes(figsize=(8, 4))\n"
            "ax.scatter(deaths['date_earliest'], deaths['figure'], marker='o', color=style.PALETTE['blue'])\n"
            "for date, figure in zip(deaths['date_earliest'], deaths['figure']):\n"
            "    ax.annotate(f'{figure:.0f}', (date, figure), textcoords='offset points', xytext=(0, 6))\n"
            "ax.set_ylim(0, deaths['figure'].max() * 1.15)\n"
            "style.whole_dates(ax.xaxis)\n"
            "ax.set_title('The death toll, as each document gave it')\n"
            "ax.set_ylabel('deaths (people)')\n"
            "style.finish(ax, 'One point per document that gave a death toll, in date order.', deaths['source_ids'])\n"
            "style.show(ax)\n"
            "toll_rise = deaths.set_index('document_id').loc['pgo-2022-08-summary', 'figure'] - "
            "deaths.set_index('document_id').loc['pgo-2022-01-15-briefing', 'figure']"),
        explanation="238 - 225 = 13 (our calculation). Official tolls are revised for months: always give the "
                    "date of the figure you quote, and who gave it.",
    ),
    ValueQuestion(
        name="q9", var="first_source_162",
        prompt="The lesson used `reading.first_to_give` to find which document first gave the figure of 20,000. "
               "Use it for the figure of 162 people (the quantity 'wealth_holders'): which document in the kit "
               "first gave it? Give its document_id.",
        expected=_first_source_162,
        mistakes={"tokayev-2022-01-21-business": "That is the speech the kit's sources credit the figure to. But "
                  "first_to_give orders the documents by the earliest date each could date from: compare the two "
                  "documents' dates in the documents table."},
        hints=["`reading.first_to_give(claims, documents, 'wealth_holders', 162)` returns a dictionary.",
               "Its 'document_id' entry is the answer; its 'certain' entry says whether the order is sure."],
        solution_code=("first_source_162 = reading.first_to_give(claims, documents, 'wealth_holders', "
                       "162)['document_id']"),
        explanation="The article: its address carries 14 January, a week before the president's speech of "
                    "21 January that the kit's sources credit the figure to. So either the figure was around "
                    "before he used it, or the page was changed after it was posted. Question 10 asks what that "
                    "does to the article's date.",
    ),
    WrittenQuestion(
        name="q10", var="dating_answer",
        prompt="Contextualization (core). The page shows only the month. Using its clues (what it mentions and what "
               "it leaves out) and the '162 people' of question 9, say when it was probably written and why the "
               "date matters for judging its claims.",
        hints=["Which events of 10, 13, 15 and 19 January does it mention, and which not? (The timeline lesson "
               "has the dates.)",
               "Compare with the date of tokayev-2022-01-21-business in `documents`: what does that do to your "
               "estimate?"],
        model_answer=(
            "It mentions the CSTO video summit of 10 January as past, so it was written on 10 January or later. "
            "It does not mention the withdrawal of CSTO troops (from 13 January), the toll of 225 (15 January) "
            "or the end of the emergency (19 January), which suggests about 11-12 January; its web address carries "
            "14 January, the likely day it was posted. But its figure of 162 people is known from Tokayev's "
            "speech of 21 January: either the figure circulated earlier, or the page was updated later. The date "
            "matters because the author could only know what had been reported by then: 'hundreds killed' was a "
            "fair reading of the early reports, and the uncertainty about Nazarbayev's whereabouts was real at "
            "the time, while later claims should be judged against what was known later."),
        rubric=[
            "Gives a date without reasons, or just 'January 2022'.",
            "Uses one clue (for example the 10 January summit) to give an earliest date.",
            "Uses clues for both an earliest and a likely latest date, and notes the '162 people' problem.",
            "As level 3, and explains how the date changes the judgement of particular claims (what the author "
            "could have known then).",
        ],
        min_words=40,
    ),
    WrittenQuestion(
        name="q11", var="close_reading_answer",
        prompt="Close reading of the article (core). In block 14 (CSTO members and the arrival of troops), find two "
               "words or features of the writing that push the reader towards a conclusion the evidence does not "
               "support. Then rewrite the block's checkable content in two neutral sentences, in your own words.",
        hints=["Read the evidence of the claims of question 5: compare the list of members with the CSTO's members "
               "in January 2022, and the vehicles named with what reports describe.",
               "Look at the order of the sentences: what does the last one seem to say caused the deaths?"],
        model_answer=(
            "Three features: the word 'tanks' (no report of tanks; the force had light airborne vehicles and "
            "trucks), the list of members that leaves out Kazakhstan itself (so the troops look more foreign to "
            "the alliance than they were), and the sentence order, which puts 'hundreds more were killed' right "
            "after the troops' arrival although no source links the troops to any death. Neutral version: "
            "The CSTO has six members, including Kazakhstan. From 6 January about 2,000 troops, most of them "
            "Russian paratroopers, were flown in with light vehicles and trucks to guard key sites, according "
            "to the Kazakh and CSTO authorities."),
        rubric=[
            "Retells the block or lists words without saying what they do.",
            "Finds one misleading word or omission and says why, but the rewrite keeps loaded wording.",
            "Finds two features (word choice, omission or sentence order) with evidence, and rewrites neutrally.",
            "As level 3, and attributes the figures in the rewrite (who gives them) and explains how the sentence "
            "order creates a cause.",
        ],
        min_words=40,
    ),
    WrittenQuestion(
        name="q12", var="official_reading_answer",
        prompt="Close reading of the official side (core). Apply the same tests to President Tokayev's address and "
               "tweets of 7 January 2022. Run the loaded-words finder on the words the kit quotes from it (a cell "
               "below does it for you). Then write: which words carry a judgement and what do they do; which of "
               "its claims were made without published evidence; for whom it was meant and why; and how it "
               "compares with block 14 of the article.",
        hints=["`reading.quotes_of('tokayev-2022-01-07-address')` lists the quoted words; the address's claims are "
               "the rows of `claims` with that document_id: read their evidence column.",
               "The documents table gives the address's audience and purpose. Is every striking phrase loaded, "
               "or do some carry their weight by what they order or assert?"],
        model_answer=(
            "The address was for the people of Kazakhstan on national television and, through the English tweets, "
            "for foreign governments and investors; the kit reads its purpose as showing that the state was back "
            "in control and justifying lethal force and the call for CSTO troops. Its labels 'bandits' and "
            "'criminals and murderers' pass judgement before any trial and put the other side outside politics: "
            "in the address's own logic, there can be no talks with criminals, so force is the answer. Three of "
            "his claims came without published evidence: that about 20,000 attacked Almaty, that foreigners were "
            "among them, and that they were trained and commanded from one centre. 'Shoot to kill without "
            "warning' is blunt rather than loaded: its weight is in what it orders, which he confirmed himself. "
            "Block 14 of the article does the same in the other direction ('tanks', a member list without "
            "Kazakhstan): both texts choose words that serve their purpose, so both need the same checks."),
        rubric=[
            "Lists words from the address without saying what they do, or calls it propaganda without evidence.",
            "Explains one loaded word or one claim made without evidence, or gives audience and purpose without "
            "using them.",
            "Explains the loaded words and at least one claim made without evidence, attributed, and links them "
            "to the address's audience and purpose.",
            "As level 3, and compares with the close reading of the article, applying the same tests to both and "
            "saying what each text is good evidence for.",
        ],
        min_words=60,
    ),
    WrittenQuestion(
        name="q13", var="open_data_answer",
        prompt="Extension (optional), open. Choose another quantity with two or more figures "
               "(`reading.quantities(claims, min_figures=2)`), draw its figures with your function of question 7 "
               "or with `reading.plot_figures(claims, documents, quantity)`, and write three or four sentences: who "
               "gave which figure when, what each counted, and which you would quote, and how.",
        hints=["'detained' and 'zhanaozen_2011_deaths' are good choices: read the `claim` and `evidence` columns of "
               "their rows.",
               "Ask of each figure: who counted, what was counted, on which date, and is anyone independent?"],
        model_answer=(
            "Detentions: the article gives 'at least 8,000' people arrested and detained; the Interior Ministry gave "
            "7,939 detained as of 10 January (and 9,900 a day later). The figures agree once we see that both count "
            "detentions, not arrests: the article's 'arrested' goes further. Both rest on the ministry's own count, "
            "so there is no independent figure. I would quote 'the Interior Ministry said 9,900 people had been "
            "detained by 11 January', with the ministry and the date."),
        rubric=[
            "Lists the figures without who gave them or when.",
            "Gives each figure with who gave it and when, but not what it counted.",
            "Gives who, when and what each figure counted, and explains a difference between them.",
            "As level 3, and says which figure to quote and how to attribute it, noting what no source can show.",
        ],
        min_words=40,
    ),
    WrittenQuestion(
        name="q14", var="sourcing_answer",
        prompt="Extension (optional), sourcing. Source the Prosecutor General's briefing of 15 January 2022 "
               "(pgo-2022-01-15-briefing): who, when, for whom and why? Then say how that should change the way you "
               "use its two figures: 225 deaths and more than 20,000 people taking part in what it called riots.",
        hints=["Its row of `documents`: author, author_role, audience, purpose, summary.",
               "Read the evidence of its two claims in `claims`: was each figure counted, and how could anyone "
               "check it?"],
        model_answer=(
            "The briefing was given on 15 January 2022 by Serik Shalabayev, head of criminal prosecution at the "
            "Prosecutor General's Office, the state prosecution service, to journalists and the public, to give "
            "the official casualty figures and the state of the investigations. The office belongs to the state "
            "whose forces had been ordered to fire without warning, so it is not a neutral party. Its 225 deaths "
            "is a count of bodies brought to morgues, which the office was in a position to make; it was later "
            "revised to 230 and 238, so it should be quoted with its date. Its 'more than 20,000' came with no "
            "breakdown or method and matches the president's number of 7 January, so it looks repeated rather "
            "than counted. One source can be good evidence for one figure and weak evidence for another."),
        rubric=[
            "Names the office only, or calls it unreliable (or reliable) without evidence.",
            "Gives who, when, audience and purpose, but does not connect them to the two figures.",
            "Gives who, when, audience and purpose, and judges each figure separately with evidence.",
            "As level 3, and explains why one source can be strong evidence for one figure and weak for another, "
            "saying how to quote each.",
        ],
        min_words=50,
    ),
    WrittenQuestion(
        name="q15", var="corroboration_answer",
        prompt="Extension (optional), corroboration. Compare three accounts of how many people were held: the "
               "article's headline and block 2, the Interior Ministry's figure of 10 January, and what the "
               "Prosecutor General's Office and the president said later (claims cwi-01, cwi-02 and gov-09, with "
               "their evidence). Which word (detained, arrested, imprisoned) fits which figure?",
        hints=["Read the `claim` and `evidence` of the three claims side by side.",
               "Ask what each figure counts and on which date: a detention, an arrest and custody are different "
               "steps."],
        model_answer=(
            "The article's headline says thousands were 'imprisoned' and its second block gives 'at least 8,000' "
            "arrested and detained. The Interior Ministry said 7,939 people had been detained by 10 January (9,900 "
            "a day later). On 25 January the Prosecutor General's Office said 802 people were in custody with a "
            "court's permission, and Tokayev later spoke of about 2,000 arrests. So the article's 8,000 fits the "
            "ministry's count of detentions, but 'imprisoned' and 'arrested' go further: far fewer were still held "
            "by 25 January. The figures do not conflict once we ask what each counts and on which date. All of "
            "them are official; no independent count exists, so each should be attributed."),
        rubric=[
            "Gives one figure, or takes one account as true without comparing.",
            "Compares the figures but treats detained, arrested and imprisoned as the same.",
            "Compares all three, matches each word to the figure it fits, and gives the dates.",
            "As level 3, and notes that every figure is official, saying how to attribute each and what no source "
            "can show.",
        ],
        min_words=50,
    ),
])

(q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15) = QUESTIONS


# ---------------------------------------------------------------------------------------------
# The lesson notebook's practice (recorded, not graded): names of their own, p1-p3

CENTRAL_RUBRIC = [  # the four levels of "Marking written answers" in exercises/TEACHER_GUIDE.md
    "Restates or describes, without saying where the information comes from.",
    "Names the source of a claim or figure (who, when), but treats it as settled.",
    "Names the source, compares it with at least one other, and explains one reason for a difference.",
    "As level 3, and says what the evidence cannot show, ending with a judgement attributed to the evidence "
    "(\"according to …\", \"the sources agree that …, but differ on …\").",
]

LESSON = QuestionSet("reading_lesson", "Reading the sources: practice in the lesson", [
    JudgeFirstQuestion(
        name="p1", var="my_classes",
        prompt="Read blocks 3, 10, 22 and 28 in your printed copy and give each the class that fits it best.",
        items=lambda: reading.block_items(_paragraphs, list(BLOCK_REASONS)),
        labels=dict(reading.CLASS_MEANINGS),
        kit=lambda: {f"block {n}": (_key(n)(), reason) for n, (_, reason) in BLOCK_REASONS.items()},
        hints=["Ask of each block: could I check it (reporting)? Is it built around what an official said? Does it "
               "explain or forecast (analysis)? Does it judge or call for action (opinion)? Does it ask for money?"],
    ),
    _verdict_task(
        "p2", "my_lesson_verdicts", LESSON_CLAIMS,
        prompt="Judge first. Six claims, three from the article and three from the Kazakh government, each with the "
               "evidence the kit found. Give each your verdict, then compare with the kit's."),
    WrittenQuestion(
        name="p3", var="my_answer",
        prompt="Your answer to the central question: how do we know what happened in January 2022, and whom should "
               "we believe about what? Write 100 to 150 words, using evidence from this lesson.",
        hints=["Name two sources, one from each side, and say what each is good evidence for and what not.",
               "End with a judgement attributed to the evidence: 'the sources agree that ..., but differ on ...'."],
        model_answer=(
            "We know what happened from documents with authors and purposes: the president's speeches, the "
            "Prosecutor General's figures, news agencies, Human Rights Watch and partisan pages like the starting "
            "article. None can be believed about everything. The article, written for socialist readers and "
            "ending with a donation appeal, is right on many checkable facts, but it misquotes Tokayev's 20,000 "
            "and calls the figure 'clearly false', which goes further than the evidence. The government is good "
            "evidence for what it ordered (Tokayev announced the order to fire without warning himself), but it "
            "has published no evidence for its 20,000 attackers or foreign fighters, and it withdrew its own toll "
            "of 164. So we should believe each source about what it was in a position to know and has evidence "
            "for, give every figure with who gave it and when, and say 'unproven' where that is all the evidence "
            "allows."),
        rubric=CENTRAL_RUBRIC,
        min_words=100,
    ),
])
p1, p2, p3 = LESSON

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13", "q14", "q15",
           "____", "claims", "documents", "paragraphs", "reading", "style", "QUESTIONS"]
