"""Exercises of the timeline theme: exercises/teacher/01_timeline.ipynb and its student version.

Seven data questions, checked automatically, and two written questions in historical thinking (sourcing
a figure; corroborating two accounts of one day). Expected values are computed from the data by the
functions below, never typed in, so a corrected dataset never leaves a stale answer behind.
"""
import pandas as pd

from qantar import data, timeline  # noqa: F401  (timeline is offered to students)
from qantar.exercises.engine import QuestionSet, ValueQuestion, WrittenQuestion, ____  # noqa: F401

UNREST = ["protest", "strike", "violence"]


def _unrest_first_days():
    ev = data.load("events")
    ev = ev[ev["event_type"].astype(object).isin(UNREST) & ev["city"].notna()]
    ev = ev[ev["city"].astype(object) != "nationwide"]
    return ev.groupby(ev["city"].astype(object))["date"].min().sort_values()


def _day_ten_cities():
    return _unrest_first_days().iloc[9].date()


def _first_cities():
    first = _unrest_first_days()
    return sorted(first[first == first.min()].index)


def _emergency_row(region):
    em = data.load("emergency")
    return em[em["region"].astype(object) == region].iloc[0]


def _almaty_emergency_days():
    row = _emergency_row("Almaty (city)")
    return (row["end"] - row["start"]).days


def _lifted_early():
    em = data.load("emergency")
    return int((em["end"] < em["end"].max()).sum())


def _deaths():
    rep = data.load("casualty_reports")
    return rep[rep["measure"].astype(object) == "deaths"]


def _toll_change():
    d = _deaths()
    pgo = d[d["announced_by"].str.contains("Prosecutor General") & (d["announcer_kind"].astype(object) == "official")]
    value = {str(day.date()): int(v) for day, v in zip(pgo["announced_on"], pgo["value"]) if not pd.isna(day)}
    return value["2022-03-14"] - value["2022-01-15"]


def _retracted_toll():
    d = _deaths()
    return int(d.loc[d["status"].astype(object) == "retracted", "value"].iloc[0])


def _most_detained():
    rep = data.load("casualty_reports")
    rows = rep[(rep["measure"].astype(object) == "detained") & (rep["announced_by"] == "Interior Ministry")
               & (rep["announced_on"] < "2022-02-01")]
    return int(rows["value"].max())


QUESTIONS = QuestionSet("timeline", "The timeline: what happened, where, when, and how the numbers changed", [
    ValueQuestion(
        name="q1",
        var="first_cities",
        prompt="In which cities were protests first reported, on 2 January 2022? Give a list of city names.",
        expected=_first_cities,
        hints=["Keep the rows of `events` whose `date` is 2 January 2022 and whose `event_type` is 'protest'.",
               "`events[(events['date'] == '2022-01-02') & (events['event_type'] == 'protest')]` keeps them; "
               "take its `city` column and turn it into a list (duplicates would count twice, so check them)."],
        solution_code="first_day = events[(events['date'] == '2022-01-02') & (events['event_type'] == 'protest')]\n"
                      "first_cities = sorted(set(first_day['city']))",
        explanation="Two rows match: Zhanaozen, where drivers blocked a road that morning, and Aktau, the "
                    "regional centre. Both are in Mangystau Region, where the LPG price had doubled on 1 January.",
    ),
    ValueQuestion(
        name="q2",
        var="day_ten_cities",
        prompt="By which date had protests, strikes or violence been reported in at least 10 different cities? "
               "Give the date as text, like '2022-01-09'.",
        expected=_day_ten_cities,
        hints=["For each city you need the first day with a protest, strike or violence; then count how many "
               "cities had been reached by each day.",
               "`timeline.cities_reached(events)` lists each city with its `first_date`, earliest first. The "
               "tenth row's `first_date` is the day the count reached 10 (rows are 0-based: use `.iloc[9]`)."],
        solution_code="reached = timeline.cities_reached(events)\n"
                      "day_ten_cities = reached['first_date'].iloc[9]",
        explanation="Two cities on 2 January, then nine more are first reported on 4 January: by then 11 cities "
                    "had protests. Note that for five of them (Atyrau, Oral, Aktobe, Kyzylorda, Karaganda) the "
                    "sources only say 'by 4 January', so the real first day may be earlier.",
    ),
    ValueQuestion(
        name="q3",
        var="almaty_emergency_days",
        prompt="For how many days did the state of emergency last in Almaty city? Subtract its start date from "
               "its end date in the `emergency` table.",
        expected=_almaty_emergency_days,
        abs_tol=0.07,
        hints=["Find the row of `emergency` whose `region` is 'Almaty (city)'.",
               "Take that row's `end` minus its `start`: the result is a time span; `.days` gives whole days."],
        solution_code="almaty = emergency[emergency['region'] == 'Almaty (city)'].iloc[0]\n"
                      "almaty_emergency_days = (almaty['end'] - almaty['start']).days",
        explanation="From 5 January to 19 January is 14 days by date. With the clock times (01:30 on 5 January "
                    "to 00:00 on 19 January) it is 13 days and 22.5 hours; `timeline.emergency_days` gives "
                    "13.94. Both answers are accepted: say which one you mean when you write it.",
    ),
    ValueQuestion(
        name="q4",
        var="lifted_early",
        prompt="In how many of the 17 regions and cities was the state of emergency lifted before its scheduled "
               "end at 00:00 on 19 January?",
        expected=_lifted_early,
        hints=["Compare the `end` column of `emergency` with the scheduled end date.",
               "`emergency['end'] < '2022-01-19'` gives True for each early end and False otherwise. Which "
               "method adds up a column of Trues?"],
        solution_code="lifted_early = int((emergency['end'] < '2022-01-19').sum())",
        explanation="Ten units ended early, from 13 January (West Kazakhstan, North Kazakhstan, Pavlodar) to "
                    "16 January (Aktobe); seven, including Almaty and Nur-Sultan, kept it until 19 January. "
                    "An official source put it the same way at the time: 10 of 17.",
    ),
    ValueQuestion(
        name="q5",
        var="toll_change",
        prompt="By how much did the death toll announced by the Prosecutor General's Office change between "
               "15 January 2022 and 14 March 2022? (Later figure minus earlier figure.)",
        expected=_toll_change,
        hints=["Keep the rows of `reports` whose `measure` is 'deaths'; look at the two announced on those days.",
               "Take the `value` announced on '2022-03-14' and subtract the one announced on '2022-01-15'."],
        solution_code="deaths = reports[reports['measure'] == 'deaths']\n"
                      "on_15_jan = deaths.loc[deaths['announced_on'] == '2022-01-15', 'value'].iloc[0]\n"
                      "on_14_mar = deaths.loc[deaths['announced_on'] == '2022-03-14', 'value'].iloc[0]\n"
                      "toll_change = on_14_mar - on_15_jan",
        explanation="225 on 15 January, 230 on 14 March: the official count rose by 5 (our calculation from "
                    "the two announcements). It rose again later, to 238. A rising count can mean deaths "
                    "identified later (for example people who died in hospital) or a change in what is counted; "
                    "the office did not publish a reason for each change.",
    ),
    ValueQuestion(
        name="q6",
        var="retracted_toll",
        prompt="Which death toll was published on 9 January 2022 and later withdrawn by the authorities?",
        expected=_retracted_toll,
        hints=["The `status` column of `reports` says whether a figure was announced, revised or retracted.",
               "Keep rows with `measure` 'deaths' and `status` 'retracted', and read the `value`."],
        solution_code="retracted_toll = reports.loc[(reports['measure'] == 'deaths') & "
                      "(reports['status'] == 'retracted'), 'value'].iloc[0]",
        explanation="164 appeared on a government-run Telegram channel and was widely reported as Health Ministry "
                    "data; the ministry said it had given no such figure, and the post was called a technical "
                    "error. Some reports kept quoting it: on 15 January AP still called 164 the previous "
                    "official toll.",
    ),
    ValueQuestion(
        name="q7",
        var="most_detained",
        prompt="What is the highest number of people the Interior Ministry said had been detained, in its "
               "announcements of January 2022?",
        expected=_most_detained,
        hints=["Keep the rows of `reports` whose `measure` is 'detained' and whose `announced_by` is "
               "'Interior Ministry'.",
               "Take the largest `value` of those rows with `.max()`."],
        solution_code="detained = reports[(reports['measure'] == 'detained') & "
                      "(reports['announced_by'] == 'Interior Ministry')]\n"
                      "most_detained = detained['value'].max()",
        explanation="9,900 on 11 January, often rounded to 'about 10,000'. The 'about 12,000' of some reports is "
                    "the Associated Press's running total of 12 January, not an Interior Ministry figure. "
                    "Detained is not the same as charged: "
                    "on 25 January the Prosecutor General's Office counted 802 people in custody in 2,044 criminal "
                    "cases, while courts had heard 9,257 administrative cases (for lesser offences) linked to the "
                    "events.",
    ),
    WrittenQuestion(
        name="q8",
        var="sourcing_answer",
        prompt="Sourcing a figure. The kit gives 238 as the current official death toll. Who announced it, when, "
               "and in what kind of document? What does the figure count, and what does it leave open? Name one "
               "figure from a different kind of source and explain why the two differ.",
        hints=["Filter `reports` for `measure == 'deaths'` and read the rows with the value 238: the "
               "`announced_by`, `announced_on_text` and `notes` columns.",
               "Then compare with the rows whose `announcer_kind` is 'ngo' or 'independent_media'. Ask: how was "
               "each figure made, by whom, and why might an incomplete list be lower?",
               "A good answer ends with a sentence you could put in an essay: the number, who gives it and when, "
               "and one caveat."],
        solution_code='sourcing_answer = """..."""',
        model_answer=(
            "238 deaths was given by the Prosecutor General's Office: first by its press service in August 2022 "
            "(the exact day is not recorded), with a published list of names, and again by Prosecutor General "
            "Berik Asylov to the Mazhilis on 5 January 2023. It is an official figure from the body that also "
            "led the investigation, so it is the state's own count and has not been checked independently. It "
            "includes 19 police and military. The office also admitted that six people died because of "
            "excessive force by law enforcement; whether those six are inside the 238 is not established "
            "(CABAR.asia and RFE/RL read it as 232 + 6). Independent counts are lower: the RFE/RL Kazakh "
            "Service named 188 victims and the Ar.Rukh.Khak foundation identified 221 by July 2022. They are "
            "lower because they only include people they could name and check, so they do not show that the "
            "official figure is too high. The official count itself changed: 164 on 9 January (withdrawn), "
            "225 on 15 January, 230 in March, 232 in May, then 238. In an essay I would write: '238 deaths, "
            "according to the Prosecutor General's Office (2022); the figure has not been independently "
            "verified.'"),
        rubric=[
            "Repeats the number without saying who gave it or when.",
            "Names who announced it and when, but treats it as settled fact; no comparison with another source.",
            "Names who, when and what kind of source; compares it with one independent figure and gives one "
            "reason for the difference.",
            "As level 3, and explains what the figure includes or leaves open (security forces, the six deaths "
            "in custody, official categories) and the history of the number (164 withdrawn, 225 to 238), ending "
            "with an attributed statement of the figure.",
        ],
        explanation="Sourcing means asking who made a piece of evidence, when, how and why, before using it.",
    ),
    WrittenQuestion(
        name="q9",
        var="corroboration_answer",
        prompt="Corroborating two accounts of one day. When did President Tokayev give his first televised "
               "address of the unrest? Reports written that night (TASS; RFE/RL's Kazakh Service) date it to the "
               "evening of 4 January; his spokesman, Berik Uali, in an interview on 9 January, placed it on "
               "5 January. Which date is better supported? Explain how you decided.",
        hints=["Find the address in `events` (event_type 'political', 4 January) and read its `source_ids`; "
               "`data.citations(ids, long=True)` gives each source's outlet, title and date.",
               "For each account ask: when was it made (that night or days later)? Who made it, and could they "
               "have a reason to tell the sequence differently? Do the sources that agree depend on each other?",
               "A later account can compress events: compare what each account says happened on 5 January."],
        solution_code='corroboration_answer = """..."""',
        model_answer=(
            "The address is better dated to late on 4 January. Two reports written that night by outlets that "
            "do not depend on each other, the Russian state agency TASS and the US-funded RFE/RL Kazakh Service, "
            "describe it on 4 January and report what he said (that the government would not fall). TASS's "
            "report of 5 January also calls the evening speech of 5 January, when he took over the Security "
            "Council, his second address. The spokesman's account came four days later, in an interview that "
            "set out the president's decisions as a sequence; it may merge the two addresses, and as the "
            "president's spokesman he speaks for the side whose decisions are being described. The address came "
            "late in the evening, close to the government's resignation in the early hours of 5 January, which "
            "could explain the slip. So 4 January is better supported, but I would write 'late on 4 January' "
            "and note that the president's office later gave 5 January."),
        rubric=[
            "Picks a date with no reason, or only 'the table says so'.",
            "Picks a date and gives one reason (for example, more sources agree), without asking when or by "
            "whom each account was made.",
            "Compares when each account was made and who made it, and reaches a reasoned conclusion.",
            "As level 3, and checks that the agreeing sources are independent, offers a plausible reason for "
            "the difference (a late-night address, a compressed retrospective timeline) and states what "
            "remains uncertain.",
        ],
        explanation="Corroboration means checking one account against others made independently, and weighing "
                    "them by when, by whom and for what purpose they were made.",
    ),
])

q1, q2, q3, q4, q5, q6, q7, q8, q9 = QUESTIONS
events = data.load("events")
reports = data.load("casualty_reports")
emergency = data.load("emergency")
cities = data.load("cities")

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "____", "events", "reports", "emergency",
           "cities", "timeline", "data", "QUESTIONS"]
