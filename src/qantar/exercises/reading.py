"""Exercises of notebook 04, reading the sources: exercises/teacher/04_reading_the_sources.ipynb.

Auto-checked questions classify the article's paragraphs against the key (a defensible alternative is
accepted too), find which document first gave a figure, and compute gaps between reported figures.
Written questions follow the historical-thinking skills: sourcing, contextualization, close reading,
corroboration. Every expected value is computed from the data.
"""
from qantar import data, reading
from qantar.exercises.engine import ChoiceQuestion, QuestionSet, ValueQuestion, WrittenQuestion, ____  # noqa: F401

claims = data.load("claims")
documents = data.load("documents")
paragraphs = data.load("document_paragraphs")


def _key(n):
    return lambda: str(paragraphs.set_index("paragraph").loc[n, "key_class"])


def _alternatives(n):
    def alternatives():
        value = paragraphs.set_index("paragraph").loc[n, "accepted_alternatives"]
        return [] if not isinstance(value, str) else value.split(";")
    return alternatives


def _summary(n) -> str:
    return paragraphs.set_index("paragraph").loc[n, "summary"]


def _classify(name, var, n, hints, explanation, alternative_note=""):
    return ChoiceQuestion(
        name=name, var=var,
        prompt=(f"Paragraph {n} of the article (the kit's summary: \"{_summary(n)}\"). Read it in your printed "
                "copy. Which class fits the whole paragraph best?"),
        options=list(reading.CLASSES), answer=_key(n), alternatives=_alternatives(n),
        alternative_note=alternative_note, hints=hints,
        solution_code=f"{var} = {_key(n)()!r}",
        explanation=explanation,
    )


def _first_source_20000():
    return reading.first_to_give(claims, documents, "attackers", 20000)["document_id"]


def _deaths_by_document():
    return claims[claims["quantity"] == "deaths"].set_index("document_id")["figure"]


def _toll_gap():
    deaths = _deaths_by_document()
    return float(deaths["pgo-2022-01-15-briefing"] - deaths["kz-gov-2022-01-09-toll-post"])


def _toll_rise():
    deaths = _deaths_by_document()
    return float(deaths["pgo-2022-08-summary"] - deaths["pgo-2022-01-15-briefing"])


def _article_failures():
    article = claims[claims["document_id"] == reading.ARTICLE]
    return int(article["verdict"].isin(["unsupported", "wrong"]).sum())


def _opinion_share():
    return float(reading.word_shares(paragraphs).loc["programme and interview", "opinion"])


def _article_could_be_first():
    dates = documents.set_index("document_id")
    return bool(dates.loc[reading.ARTICLE, "date_earliest"] < dates.loc["tokayev-2022-01-21-business", "date_earliest"])


CLASS_HELP = ("The classes: reporting (checkable events), official_claim_reported (the core is what an official "
              "said), analysis (interpretation, explanation, forecast), opinion (value judgements, advocacy, a "
              "programme), appeal (fundraising or self-promotion).")

QUESTIONS = QuestionSet("reading", "Reading the sources: exercises", [
    _classify("q1", "class_p6", 6,
              hints=[CLASS_HELP, "Most of the paragraph describes what happened on the squares and in Almaty; "
                                 "its last sentence is a hedged guess. Which part is bigger?"],
              explanation="The key calls it reporting: most sentences describe checkable events (crowds on the "
                          "squares, armed fighting in Almaty). Its last sentence is a guess about rival elite "
                          "factions, so 'analysis' is also accepted.",
              alternative_note="The last sentence is a hedged interpretation, so analysis is defensible."),
    _classify("q2", "class_p11", 11,
              hints=[CLASS_HELP, "Whose claim is at the centre of this paragraph, and what does the article do "
                                 "with it?"],
              explanation="The paragraph's core is a claim made by an official (the president's 20,000 "
                          "attackers), which the article reports and then rejects. The rejection ('clearly "
                          "false', 'an excuse') is a strong judgement, so 'opinion' is also accepted.",
              alternative_note="The paragraph judges the claim so strongly that opinion is defensible."),
    _classify("q3", "class_p29", 29,
              hints=[CLASS_HELP, "A number appears in it, but what is the number used for by the end of the "
                                 "paragraph?"],
              explanation="The key calls it opinion: the figure (162 people) is used to support a call to "
                          "organise. Because the paragraph does report a figure, 'reporting' is also accepted.",
              alternative_note="It does report a (quoted) figure, so reporting is defensible."),
    _classify("q4", "class_p58", 58,
              hints=[CLASS_HELP, "Who is speaking here, about whom, and what does it ask the reader to do?"],
              explanation="The publisher praises its own website and asks readers for money: an appeal. No "
                          "alternative is accepted."),
    _classify("q5", "class_p15", 15,
              hints=[CLASS_HELP, "Two dismissals are facts; what does the paragraph say they show?"],
              explanation="The key calls it analysis: it reads the dismissals of Nazarbayev and Masimov as signs "
                          "of a split at the top, a 'palace coup'. The dismissals themselves are reported facts, "
                          "so 'reporting' is also accepted.",
              alternative_note="The sackings it reports are checkable facts, so reporting is defensible."),
    ValueQuestion(
        name="q6", var="first_source_20000",
        prompt="Three documents in the kit give the figure of 20,000 (the number of 'bandits' Tokayev said had "
               "attacked Almaty). Which document gave it first? Give its document_id (claims with quantity "
               "'attackers', dated by the documents table).",
        expected=_first_source_20000,
        hints=["Filter `claims` to the quantity 'attackers' and the figure 20000, then add each document's "
               "date from `documents`.",
               "`merge` the filtered claims with `documents[['document_id', 'date_earliest']]` on document_id, "
               "sort by date_earliest and take the first document_id."],
        solution_code=("twenty = claims[(claims['quantity'] == 'attackers') & (claims['figure'] == 20000)]\n"
                       "twenty = twenty.merge(documents[['document_id', 'date_earliest']], on='document_id')\n"
                       "first_source_20000 = twenty.sort_values('date_earliest')['document_id'].iloc[0]"),
        explanation="President Tokayev gave the figure in his address and tweets of 7 January. The article "
                    "(written on 10 January at the earliest) repeats it, wrongly, as 20,000 'bandits' from "
                    "abroad, and the Prosecutor General repeated a figure of 20,000 on 15 January without "
                    "showing how it was counted.",
    ),
    ValueQuestion(
        name="q7", var="toll_gap",
        prompt="The government channel's death toll of 9 January was later withdrawn as a 'technical error'. "
               "How many more deaths did the Prosecutor General's Office give six days later? Our calculation: "
               "the figure of pgo-2022-01-15-briefing minus that of kz-gov-2022-01-09-toll-post.",
        expected=_toll_gap,
        hints=["Keep the claims whose quantity is 'deaths' and look at their `figure` by `document_id`.",
               "`deaths = claims[claims['quantity'] == 'deaths'].set_index('document_id')['figure']`, then "
               "subtract one document's figure from the other's."],
        solution_code=("deaths = claims[claims['quantity'] == 'deaths'].set_index('document_id')['figure']\n"
                       "toll_gap = deaths['pgo-2022-01-15-briefing'] - deaths['kz-gov-2022-01-09-toll-post']"),
        explanation="225 - 164 = 61 (our calculation). The withdrawn figure was not too high: the next official "
                    "figure was larger. A retraction can be about who may publish a number, not about the number.",
    ),
    ValueQuestion(
        name="q8", var="toll_rise",
        prompt="By how many did the official death toll rise between the Prosecutor General's briefing of "
               "15 January 2022 and its summary of August 2022? (Our calculation, from the claims table.)",
        expected=_toll_rise,
        hints=["Both documents are in `claims` with the quantity 'deaths'.",
               "Subtract the figure of pgo-2022-01-15-briefing from the figure of pgo-2022-08-summary."],
        solution_code=("deaths = claims[claims['quantity'] == 'deaths'].set_index('document_id')['figure']\n"
                       "toll_rise = deaths['pgo-2022-08-summary'] - deaths['pgo-2022-01-15-briefing']"),
        explanation="238 - 225 = 13 (our calculation). Official tolls are revised for months; always give the "
                    "date of the figure you quote.",
    ),
    ValueQuestion(
        name="q9", var="article_failures",
        prompt="How many of the article's claims did the kit judge 'unsupported' or 'wrong'?",
        expected=_article_failures,
        hints=["Keep the claims whose document_id is 'cwi-article'.",
               "`.isin(['unsupported', 'wrong'])` on the verdict column gives True/False; `.sum()` counts the Trues."],
        solution_code=("article = claims[claims['document_id'] == 'cwi-article']\n"
                       "article_failures = int(article['verdict'].isin(['unsupported', 'wrong']).sum())"),
        explanation="Only a few of the article's checkable claims fail; most are supported, often with a nuance. "
                    "A partisan source can be right on many facts: judge claim by claim.",
    ),
    ValueQuestion(
        name="q10", var="opinion_share",
        prompt="In the article's second part (paragraphs 26 to 43), what percentage of the words are in "
               "paragraphs the key classes as opinion? (Our calculation; one decimal place is enough.)",
        expected=_opinion_share, rel_tol=0.0015,  # about 0.1 percentage point
        hints=["Keep the rows of `paragraphs` with paragraph between 26 and 43; the `words` column counts words.",
               "Divide the words of the rows whose key_class is 'opinion' by all the words of the part, times 100."],
        solution_code=("part = paragraphs[(paragraphs['paragraph'] >= 26) & (paragraphs['paragraph'] <= 43)]\n"
                       "opinion_share = 100 * part.loc[part['key_class'] == 'opinion', 'words'].sum() / part['words'].sum()"),
        explanation="Almost all of the second part is opinion and advocacy: the article moves from report to "
                    "programme. Weighing by words, not by paragraphs, stops short headings counting as much as "
                    "long paragraphs.",
    ),
    ValueQuestion(
        name="q11", var="article_could_be_first",
        prompt="The article gives the figure of 162 people, which the kit found reported from President "
               "Tokayev's speech of 21 January. From the documents' date ranges, could the article have been "
               "written before that speech? Answer True or False.",
        expected=_article_could_be_first,
        hints=["Compare the article's `date_earliest` with the date of tokayev-2022-01-21-business.",
               "`documents.set_index('document_id').loc['cwi-article', 'date_earliest']` gives one date; "
               "compare it with `<`."],
        solution_code=("dates = documents.set_index('document_id')['date_earliest']\n"
                       "article_could_be_first = bool(dates['cwi-article'] < dates['tokayev-2022-01-21-business'])"),
        explanation="Yes: the page itself shows only 'January 2022', but its clues point to about 11-12 January "
                    "and its web address carries 14 January, a week before the speech. So either the figure was "
                    "around before Tokayev used it (one outlet links it to a 2019 KPMG study), or the page was "
                    "updated after it was first posted. The kit could not settle which: that is what a date range "
                    "means.",
    ),
    WrittenQuestion(
        name="q12", var="sourcing_answer",
        prompt="Sourcing. Who produced the article, when, for whom and why? Use the documents table and the last "
               "five blocks of the article (the appeal). Then say how these facts should change the way you use "
               "it as evidence.",
        hints=["Look at the row of `documents` for cwi-article: author, author_role, audience, purpose.",
               "What does an appeal for donations at the end tell you about the intended readers?"],
        model_answer=(
            "The article was published on socialistworld.net, the website of the Committee for a Workers' "
            "International, a socialist organisation; no individual author is named. The page shows only "
            "'January 2022' (its web address carries 14 January), and its contents suggest it was written "
            "about 11-12 January. It was written for the "
            "organisation's members and sympathisers, mostly outside Kazakhstan: it ends by asking them to "
            "donate and become patrons, and about a third of it argues for a socialist programme. So it is a partisan "
            "source with a clear purpose: to win readers to a political view. That does not make its facts "
            "wrong (many are supported), but each claim needs checking against other sources, its "
            "interpretations should be read as the organisation's, and its one Kazakh witness is an unnamed "
            "socialist it reached by phone."),
        rubric=[
            "Names the website or organisation only, or judges the article as simply 'biased' without evidence.",
            "Gives author, approximate date and audience, but does not connect them to how to use the source.",
            "Gives author, date (with its uncertainty), audience and purpose, citing the appeal, and says the "
            "claims need checking.",
            "As level 3, and distinguishes what the source is good evidence for (the organisation's view, "
            "its contacts) from what must be corroborated (figures, events), with an example.",
        ],
        min_words=40,
    ),
    WrittenQuestion(
        name="q13", var="dating_answer",
        prompt="Contextualization. The page shows only the month. Using its clues (what it mentions and what "
               "it leaves out) and the '162 people' figure, say when it was probably written and why the date "
               "matters for judging its claims.",
        hints=["What events of 10, 13, 15 and 19 January does it mention or not mention?",
               "Compare with documents.loc['tokayev-2022-01-21-business']: what does that date do to your estimate?"],
        model_answer=(
            "It mentions the CSTO video summit of 10 January as past, so it was written on 10 January or later. "
            "It does not mention the withdrawal of CSTO troops (from 13 January), the toll of 225 (15 January) "
            "or the end of the emergency (19 January), which suggests about 11-12 January; its web address carries "
            "14 January, the likely day it was posted. But its figure of 162 people is known from Tokayev's "
            "speech of 21 January: either the figure circulated earlier, or the page was updated later. The date matters because the author could only know what "
            "had been reported by then: 'hundreds killed' was a fair reading of the early reports, and the "
            "uncertainty about Nazarbayev's whereabouts was real at the time, while later claims should be "
            "judged against what was known later."),
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
        name="q14", var="close_reading_answer",
        prompt="Close reading. In paragraph 14 (CSTO members and the arrival of troops), find two words or "
               "features of the writing that push the reader towards a conclusion the evidence does not support. "
               "Then rewrite the paragraph's checkable content in two neutral sentences, in your own words.",
        hints=["Compare the list of members with the members of the CSTO in January 2022, and the vehicles named "
               "with what reports describe.",
               "Look at the order of the sentences: what does the last one seem to say caused the deaths? Use the "
               "claim explorer on paragraph 14."],
        model_answer=(
            "Three features: the word 'tanks' (no report of tanks; the force had light airborne vehicles and "
            "trucks), the list of members that leaves out Kazakhstan itself (so the troops look more foreign to "
            "the alliance than they were), and the sentence order, which puts 'hundreds more were killed' right "
            "after the troops' arrival although no source links the troops to any death. Neutral version: "
            "The CSTO has six members, including Kazakhstan. From 6 January about 2,000 troops, most of them "
            "Russian paratroopers, were flown in with light vehicles and trucks to guard key sites, according "
            "to the Kazakh and CSTO authorities."),
        rubric=[
            "Retells the paragraph or lists words without saying what they do.",
            "Finds one misleading word or omission and says why, but the rewrite keeps loaded wording.",
            "Finds two features (word choice, omission or sentence order) with evidence, and rewrites neutrally.",
            "As level 3, and attributes the figures in the rewrite (who gives them) and explains how the sentence "
            "order creates a cause.",
        ],
        min_words=40,
    ),
    WrittenQuestion(
        name="q15", var="corroboration_answer",
        prompt="Corroboration. Compare three accounts of the '20,000': President Tokayev's (7 January), the "
               "article's, and what later evidence shows. Apply the same tests to the official account as to the "
               "article. Who was more accurate, and about what?",
        hints=["Use the claim explorer: claims cwi-20, cwi-21, gov-01, gov-02 and gov-11.",
               "Separate three questions: what Tokayev said, whether the article reports it correctly, and "
               "whether there is evidence for the number."],
        model_answer=(
            "Tokayev said on 7 January that about 20,000 attackers, local as well as foreign, hit Almaty, and "
            "that some spoke languages other than Kazakh. The article reports this as 20,000 bandits from "
            "abroad, which misquotes him, and calls it clearly false. Later evidence: the authorities never "
            "published how the number was counted, the Prosecutor General only repeated it, the one foreign "
            "detainee shown on television was a Kyrgyz musician who was released, and by 2024 no investigation "
            "or court had confirmed a foreign force. So the official claim is unsupported, and the article's "
            "rejection is closer to the evidence, but it overstates it: an unproven claim is not a proven "
            "falsehood. Each source was accurate about something (Tokayev about what he had ordered, the "
            "article about the lack of evidence), and each served its purpose."),
        rubric=[
            "Takes one side without comparing what each source says.",
            "Compares the accounts but does not test the official claim against evidence, or misses the misquote.",
            "Compares all three, notes the misquote, and tests the official claim with evidence.",
            "As level 3, and distinguishes 'no evidence' from 'false', applying the same standard to both sources "
            "with attributed evidence.",
        ],
        min_words=50,
    ),
])

(q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, q11, q12, q13, q14, q15) = QUESTIONS

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13", "q14", "q15",
           "____", "claims", "documents", "paragraphs", "reading", "QUESTIONS"]
