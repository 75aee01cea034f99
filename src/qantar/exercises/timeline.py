"""Exercises of the timeline theme: exercises/teacher/01_timeline.ipynb and its student version.

The set goes from guided to open. Guided: the lesson (notebooks/01_timeline.ipynb) works one case and the
question asks the parallel one (another day, another region, another measure): q1-q5. Data skills the
student writes: a group count drawn as a chart with the kit's style (q6) and the same count as a function
(q7, checked on several cities). Open: two written questions in historical thinking (sourcing a figure;
corroborating accounts of one day in Taraz, the transfer of the lesson's judge-first task). Expected values
are computed from the data by the functions below, never typed in, so a corrected dataset never leaves a
stale answer behind; ``mistakes`` name the predictable wrong answers without giving the right one.

``LESSON`` holds the lesson's own tasks, which are not copies of the set: two practice checks (p1, p2), the
judge-first task on the date of the president's first address (j1), and the written answer to the lesson's
central question (w1).
"""
import pandas as pd

from qantar import data, style, timeline  # noqa: F401  (style and timeline are offered to students)
from qantar.exercises.engine import (FunctionQuestion, QuestionSet, ValueQuestion, WrittenQuestion,  # noqa: F401
                                     ____)
from qantar.exercises.judge_first import JudgeFirstQuestion
from qantar.sources import sources

UNREST = list(timeline.UNREST_TYPES)
NOON_14_JANUARY = "2022-01-14 12:00"


# --- expected values, computed from the data --------------------------------------------------------

def _first_reached_on(day):
    reached = timeline.cities_reached(data.load("events"))
    return sorted(reached.loc[reached["first_date"] == day, "city"])


def _cities_with_unrest_on(day):
    events = data.load("events")
    rows = timeline.filter_events(events, start=day, end=day, event_type=UNREST)
    return sorted({c for c in rows["city"].dropna().astype(object) if c != timeline.NATIONWIDE})


def _reached_by(day):
    return sorted(timeline.cities_reached(data.load("events"), until=day)["city"])


def _first_reached_mistakes():
    return {tuple(_reached_by("2022-01-05")): "Those are all the cities reached by the end of 5 January. The "
                                               "question asks for the cities reached for the first time that day.",
            tuple(_cities_with_unrest_on("2022-01-05")): "Those are all the cities with unrest on 5 January, "
                                                         "some of them reached before. Keep only the cities whose "
                                                         "first day is 5 January."}


def _emergency_days_by_date(region):
    emergency = data.load("emergency")
    row = emergency[emergency["region"].astype(object) == region].iloc[0]
    return (row["end"] - row["start"]).days


def _regions_in_force_at(moment):
    return len(timeline.regions_under_emergency(data.load("emergency"), moment))


def _regions_in_force_mistakes():
    emergency = data.load("emergency")
    by_date_only = int((emergency["end"] > pd.Timestamp(NOON_14_JANUARY).normalize()).sum())
    already_ended = len(emergency) - _regions_in_force_at(NOON_14_JANUARY)
    return {by_date_only: "Some regions had it lifted in the evening of 14 January, so at noon it was still in "
                          "force there. Compare moments (date and clock time), not dates alone: "
                          "`timeline.emergency_periods(emergency)` has `start_at` and `end_at`.",
            already_ended: "That counts the regions where it had already ended by then. The question asks where "
                           "it was still in force.",
            len(emergency): "That is every region that was ever under the state of emergency. Keep the ones "
                            "whose end came after noon on 14 January."}


def _interior_ministry_detained(day):
    reports = data.load("casualty_reports")
    rows = reports[(reports["measure"].astype(object) == "detained")
                   & (reports["announced_by"] == "Interior Ministry") & (reports["announced_on"] == day)]
    return int(rows["value"].iloc[0])


def _detained_rise():
    return _interior_ministry_detained("2022-01-11") - _interior_ministry_detained("2022-01-07")


def _media_total_detained():
    reports = data.load("casualty_reports")
    rows = reports[(reports["measure"].astype(object) == "detained")
                   & (reports["announcer_kind"].astype(object) != "official")]
    return int(rows["value"].max())


def _first_detained_figure():
    return int(timeline.figures_as_announced(data.load("casualty_reports"), "detained")["value"].iloc[0])


def _detained_rise_mistakes():
    latest = _interior_ministry_detained("2022-01-11")
    earlier = _interior_ministry_detained("2022-01-07")
    return {_media_total_detained() - earlier: "The largest figure in the table is the Associated Press's running "
                                               "total of 12 January, not an Interior Ministry announcement. Keep "
                                               "the ministry's own figures.",
            latest - _first_detained_figure(): "That starts from the ministry's first figure (6 January). The "
                                               "question starts from its announcement of 7 January."}


def _most_detained_interior_ministry():
    reports = data.load("casualty_reports")
    rows = reports[(reports["measure"].astype(object) == "detained") & (reports["announced_by"] == "Interior Ministry")
                   & (reports["announced_on"] < "2022-02-01")]
    return int(rows["value"].max())


def _in_custody_25_january():
    reports = data.load("casualty_reports")
    rows = reports[(reports["measure"].astype(object) == "arrested") & (reports["announced_on"] == "2022-01-25")]
    return int(rows["value"].iloc[0])


def _custody_share():
    return round(_in_custody_25_january() / _most_detained_interior_ministry() * 100, 1)


def _custody_share_mistakes():
    custody, detained = _in_custody_25_january(), _most_detained_interior_ministry()
    upside_down = "That is the ratio upside down: divide the people in custody by the people detained."
    return {round(custody / _media_total_detained() * 100, 1):
            "You divided by the Associated Press's running total. The question asks about the Interior "
            "Ministry's own highest figure.",
            round(detained / custody * 100, 1): upside_down,
            round(detained / custody, 1): upside_down}


def _busiest_day_count(city):
    events = data.load("events")
    return int(events[events["city"].astype(object) == city].groupby("date").size().max())


def _lesson_chart_peak():
    """The tallest bar of the lesson's worked example (Mangystau Region), which a student may copy unchanged."""
    events = data.load("events")
    return int(events[events["region"].astype(object) == "Mangystau Region"].groupby("date").size().max())


def _total_events(city):
    events = data.load("events")
    return int((events["city"].astype(object) == city).sum())


CHART_CITY = "Nur-Sultan"
FUNCTION_CITIES = ["Almaty", "Aktau", "Taraz", "Nur-Sultan"]


def _busiest_day_cases():
    return [((city,), _busiest_day_count(city)) for city in FUNCTION_CITIES]


# --- the exercise set -------------------------------------------------------------------------------

QUESTIONS = QuestionSet("timeline", "The timeline: what happened, where, when, and how the numbers changed", [
    ValueQuestion(
        name="q1",
        var="first_on_5_january",
        prompt="The lesson found the cities where unrest was first reported on 2 January. Which cities were "
               "reached for the first time on 5 January? Give a list of city names.",
        expected=lambda: _first_reached_on("2022-01-05"),
        mistakes=_first_reached_mistakes,
        hints=["`timeline.cities_reached(events)` gives each city with its `first_date`: the first day the "
               "sources report a protest, strike or violence there.",
               "Keep the rows whose `first_date` is '2022-01-05' (a filter with `==`), then take the `city` column "
               "and `.tolist()`. The lesson's cell for 2 January is the pattern."],
        solution_code="reached = timeline.cities_reached(events)\n"
                      "first_on_5_january = reached.loc[reached['first_date'] == '2022-01-05', 'city'].tolist()",
        explanation="Four cities in the north and south-east: Kostanay, Pavlodar and Petropavl (crowds at the "
                    "city administrations) and Taldykorgan, where the statue of Nazarbayev was pulled down. By "
                    "the end of 5 January the kit's sources report unrest in 15 cities. A first day is the first "
                    "day a source the kit uses reports something there: smaller places may have had protests "
                    "that no source reported.",
    ),
    ValueQuestion(
        name="q2",
        var="aktobe_emergency_days",
        prompt="The lesson worked out how long the state of emergency lasted in Almaty city. For how many days "
               "did it last in Aktobe Region? Subtract its start date from its end date in `emergency`.",
        expected=lambda: _emergency_days_by_date("Aktobe Region"),
        abs_tol=0.3,
        mistakes=lambda: {_emergency_days_by_date("Aktobe Region") + 1:
                          "You counted both the first and the last day. A length is the end minus the start, as "
                          "from Monday to Tuesday is one day."},
        hints=["Find the row of `emergency` whose `region` is 'Aktobe Region'.",
               "Take that row's `end` minus its `start`: the result is a time span, and `.days` gives whole days."],
        solution_code="aktobe = emergency[emergency['region'] == 'Aktobe Region'].iloc[0]\n"
                      "aktobe_emergency_days = (aktobe['end'] - aktobe['start']).days",
        explanation="From 5 January to 16 January is 11 days by date. It ended at 07:00 on 16 January, and the "
                    "time it began on 5 January is not reported (the decree was published overnight into 6 "
                    "January), so with clock times it is at most about 11.3 days; both are accepted. Aktobe was "
                    "the last of the ten regions where it was lifted before the scheduled end.",
    ),
    ValueQuestion(
        name="q3",
        var="regions_at_noon_14_january",
        prompt="In how many of the 17 regions and cities was the state of emergency still in force at noon "
               "(12:00) on 14 January 2022?",
        expected=lambda: _regions_in_force_at(NOON_14_JANUARY),
        mistakes=_regions_in_force_mistakes,
        hints=["A region counts if its state of emergency had started and had not yet ended at that moment: two "
               "conditions.",
               "`timeline.emergency_periods(emergency)` adds `start_at` and `end_at` (date and clock time). Keep "
               "the rows with `start_at <= moment` and `end_at > moment`, where `moment = "
               "pd.Timestamp('2022-01-14 12:00')`, and count them. `timeline.regions_under_emergency` does the "
               "same in one step."],
        solution_code="periods = timeline.emergency_periods(emergency)\n"
                      "moment = pd.Timestamp('2022-01-14 12:00')\n"
                      "in_force = periods[(periods['start_at'] <= moment) & (periods['end_at'] > moment)]\n"
                      "regions_at_noon_14_january = len(in_force)",
        explanation="14 of 17: three northern and western regions had it lifted at 07:00 on 13 January, and four "
                    "more (among them Karaganda and Shymkent) at 18:00 on 14 January, after noon. Comparing "
                    "dates without the clock times gives 10, a common slip.",
    ),
    ValueQuestion(
        name="q4",
        var="detained_rise",
        prompt="The lesson worked out how the official death toll changed between two announcements. Do the "
               "same for detentions: by how many did the Interior Ministry's count of people detained rise "
               "between its announcement of 7 January and that of 11 January 2022? (Later minus earlier.)",
        expected=_detained_rise,
        mistakes=_detained_rise_mistakes,
        hints=["Keep the rows of `reports` whose `measure` is 'detained' and whose `announced_by` is "
               "'Interior Ministry'; look at the two announced on those days.",
               "Take the `value` announced on '2022-01-11' and subtract the one announced on '2022-01-07' "
               "(`.loc[condition, 'value'].iloc[0]` picks one value)."],
        solution_code="detained = reports[(reports['measure'] == 'detained') & "
                      "(reports['announced_by'] == 'Interior Ministry')]\n"
                      "on_7_jan = detained.loc[detained['announced_on'] == '2022-01-07', 'value'].iloc[0]\n"
                      "on_11_jan = detained.loc[detained['announced_on'] == '2022-01-11', 'value'].iloc[0]\n"
                      "detained_rise = on_11_jan - on_7_jan",
        explanation="3,811 on 7 January, 9,900 on 11 January: a rise of 6,089 in four days (our calculation from "
                    "the two announcements). It counts everyone detained so far, not the number held at one time (q5 "
                    "compares it with the people held in custody). The 'about 12,000' of some reports is the "
                    "Associated Press's own running total of 12 January, not a ministry figure.",
    ),
    ValueQuestion(
        name="q5",
        var="custody_share",
        prompt="Detained is not the same as held in custody. What percentage of the Interior Ministry's highest "
               "January figure for people detained is the number the Prosecutor General's Office said were "
               "held in custody on 25 January 2022 (measure 'arrested')? Round to one decimal place.",
        expected=_custody_share,
        abs_tol=0.05,
        mistakes=_custody_share_mistakes,
        hints=["You need two numbers from `reports`: the largest 'detained' value announced by the 'Interior "
               "Ministry' in January, and the 'arrested' value announced on '2022-01-25'.",
               "A percentage is part / whole * 100: the people in custody divided by the people detained, times "
               "100. `round(x, 1)` keeps one decimal."],
        solution_code="detained = reports[(reports['measure'] == 'detained') & "
                      "(reports['announced_by'] == 'Interior Ministry')]\n"
                      "in_custody = reports.loc[(reports['measure'] == 'arrested') & "
                      "(reports['announced_on'] == '2022-01-25'), 'value'].iloc[0]\n"
                      "custody_share = round(in_custody / detained['value'].max() * 100, 1)",
        explanation="802 in custody on 25 January against 9,900 detained by 11 January: about 8.1% (our "
                    "calculation). The two figures come from different bodies on different days, so this is a "
                    "rough comparison, not a share of the same list of people. It shows why 'about 10,000 "
                    "detained' does not mean 10,000 prisoners: by 25 January courts had also heard 9,257 "
                    "administrative cases (for lesser offences) linked to the events, and 2,044 criminal cases "
                    "were open.",
    ),
    ValueQuestion(
        name="q6",
        var="tallest_bar",
        prompt=f"Make a chart. The lesson counted the kit's events per day in Mangystau Region and drew them as "
               f"bars. Do the same for {CHART_CITY}: a group count of its events by day, drawn with the kit's "
               f"style helpers and shown with `style.show`. Then set `tallest_bar` to the height of your chart's "
               f"tallest bar.",
        expected=lambda: _busiest_day_count(CHART_CITY),
        mistakes=lambda: {_total_events(CHART_CITY): "That is the number of all its events in the month. Each bar "
                                                     "is one day: group by the date before counting.",
                          _lesson_chart_peak(): "That is the tallest bar of the lesson's chart, for Mangystau "
                                                "Region. Change the filter to the city the question asks about."},
        hints=["Copy the lesson's cell and change the filter to `events['city'] == 'Nur-Sultan'`; change the title "
               "and the description too.",
               "After drawing, `max(bar.get_height() for bar in ax.patches)` reads the tallest bar off the chart."],
        solution_code="from matplotlib.ticker import MaxNLocator\n"
                      "\n"
                      "nur_sultan = events[events['city'] == 'Nur-Sultan']\n"
                      "per_day = nur_sultan.groupby('date').size()\n"
                      "ax = style.new_axes(figsize=(8, 3.5))\n"
                      "ax.bar(per_day.index, per_day.values, color=style.PALETTE['blue'])\n"
                      "ax.set_title(\"Events in the kit's table: Nur-Sultan, by day\")\n"
                      "ax.set_ylabel('events (rows of the table)')\n"
                      "ax.yaxis.set_major_locator(MaxNLocator(integer=True))\n"
                      "style.whole_dates(ax.xaxis)\n"
                      "style.finish(ax, f\"A bar chart of the kit's {len(nur_sultan)} events in Nur-Sultan, one bar "
                      "per day.\", nur_sultan['source_ids'])\n"
                      "style.show(ax)\n"
                      "tallest_bar = max(bar.get_height() for bar in ax.patches)",
        explanation="5, on 5 January: the day of the government's resignation, the state of emergency in the "
                    "capital, the president's evening address, the removal of the head of the KNB and the request "
                    "to the CSTO. The bars count rows of "
                    "the kit's table, not the size of crowds: most of the capital's rows are decisions of the "
                    "state, because the capital is where they were taken.",
    ),
    FunctionQuestion(
        name="q7",
        var="busiest_day_count",
        prompt="Turn your count into a function. Write a function that takes a city's name and returns the number "
               "of the kit's events in that city on its busiest day (use the `events` table loaded above). Then "
               "set `busiest_day_count` to your function: its name, without brackets. The check tries it on "
               f"{', '.join(FUNCTION_CITIES)}.",
        cases=_busiest_day_cases,
        hints=["Start from your code for q6: the filter and the group count, without the chart. A function "
               "begins `def events_on_busiest_day(city):` and ends with `return ...`.",
               "Inside: `per_day = events[events['city'] == city].groupby('date').size()`, then `return "
               "per_day.max()`. After the function, `busiest_day_count = events_on_busiest_day`."],
        solution_code="def events_on_busiest_day(city):\n"
                      "    per_day = events[events['city'] == city].groupby('date').size()\n"
                      "    return per_day.max()\n"
                      "\n"
                      "busiest_day_count = events_on_busiest_day",
        explanation="A function is a few lines of code with a name, so the same steps run for any city. Almaty's "
                    "busiest day has 4 events (5 January), Aktau's 2 and Taraz's 1. The kit holds many more rows "
                    "about the two largest cities than about smaller ones: one more reason to read the counts as "
                    "the kit's record, not as the size of what happened.",
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
        prompt="Corroborating accounts of one day. In the lesson you weighed accounts of the date of the "
               "president's first address. Now do it for Taraz on 8 January 2022. The regional akimat (the "
               "governor's office, reported by Sputnik Kazakhstan) said six people it called terrorists were killed "
               "in a special operation and seven police officers were injured; the region's operational "
               "headquarters (reported by Kazinform, and repeated by Trend) gave six killed, five police injured "
               "and 69 people detained. What can you say happened in Taraz that day, and how sure can you be? "
               "Do the accounts corroborate each other?",
        hints=["Find the event in `events` (city 'Taraz', date 8 January) and read its `source_ids`; "
               "`sources(ids)` (from `qantar.sources`) lists each source with its kind.",
               "For each account ask: who first said it, who passed it on, and could the reporter check it? Do the "
               "accounts come from independent sources, or from the same office?",
               "Where the accounts agree, does that make the claim stronger if they share one origin? Which words "
               "are the officials' own, and how would you quote them?"],
        solution_code='corroboration_answer = """..."""',
        model_answer=(
            "All the accounts go back to the regional authorities of Zhambyl Region, on the day itself: the "
            "akimat, reported by Sputnik Kazakhstan, and the operational headquarters, reported by the state "
            "agency Kazinform; Trend, an Azerbaijani agency, relays Kazinform, so it adds no independent check. "
            "They agree that six people were killed in a special operation and differ on the injured police "
            "(seven or five); only the headquarters' statement gives 69 detained. Because they share one origin, "
            "their agreement shows what the authorities said, not that it happened as they said. Nobody outside "
            "the authorities confirmed who the six were or how they died, and 'terrorists' is the officials' word. "
            "The kit holds no independent account of 8 January in Taraz. I would write: 'According to the "
            "regional authorities, six people they called terrorists were killed in an operation in Taraz on 8 "
            "January; they gave five or seven police injured. No independent source has confirmed this.' To be "
            "surer I would look for local journalists, hospital or court records, or the victims' families."),
        rubric=[
            "Retells the officials' account as fact (for example 'six terrorists were killed'), without saying "
            "who said it.",
            "Says who gave each account, but treats their agreement as proof; the officials' word 'terrorists' "
            "is used as the writer's own.",
            "Notices that all accounts come from the same regional authorities (or that Trend repeats Kazinform), "
            "so they do not corroborate each other, and states the claim with its attribution.",
            "As level 3, and separates what the accounts agree on from where they differ (the injured), says what "
            "remains unknown (who the six were, how they died) and what independent evidence could settle it.",
        ],
        explanation="Corroboration means checking one account against others made independently. Accounts that "
                    "repeat one source are one account, however many outlets carry it.",
    ),
])

q1, q2, q3, q4, q5, q6, q7, q8, q9 = QUESTIONS


# --- the lesson's own tasks (notebooks/01_timeline.ipynb): not graded, and not copies of the set ------------

def _cities_outside_mangystau_by_4_january():
    reached = timeline.cities_reached(data.load("events"), until="2022-01-04")
    cities = data.load("cities").set_index("city")["region"].astype(object)
    return int((reached["city"].map(cities) != "Mangystau Region").sum())


def _mangystau_cities():
    cities = data.load("cities")
    return int((cities["region"].astype(object) == "Mangystau Region").sum())


ORDER_5_JANUARY = {  # label: the event id whose description gives its time of day
    "resignation": "ev025",
    "internet": "ev041",
    "security council": "ev033",
    "csto": "ev042",
}

ADDRESS_ACCOUNTS = {  # item: (what the account says, its source id)
    "TASS, 4 January": (
        "TASS, Russia's state news agency, in a report published late on 4 January: the president has just spoken "
        "to the nation on television and said the government will not fall.",
        "tass-2022-01-04-first-address"),
    "Azattyq, 4 January": (
        "Azattyq, the Kazakh service of the US-funded broadcaster RFE/RL, in its report of 4 January: describes the "
        "president's video address of that evening.",
        "rferl-2022-01-04-stun-grenades"),
    "the spokesman, 9 January": (
        "Berik Uali, the president's spokesman, interviewed on 9 January (published by the Astana Times): in his "
        "day-by-day account of the president's decisions, the first address comes on the evening of 5 January.",
        "astanatimes-2022-01-uali-timeline"),
    "TASS, 5 January": (
        "TASS, 5 January: calls the evening speech of 5 January, in which the president took over the Security "
        "Council, his second address to the nation.",
        "tass-2022-01-05-security-council"),
}

TRUST_LABELS = {
    "trust more": "good evidence for the date: made close to the time, by someone placed to know, and in "
                  "agreement with an account that does not depend on it",
    "trust less": "weaker evidence for the date: made later, or by someone with a reason to tell the sequence "
                  "their own way, or agreeing with no account made at the time",
    "cannot tell": "what you know about this account is not enough to weigh it",
}


def _kit_on_the_address():
    """The kit's judgement of each account, with its reason: behind a function, so that it is not a table a
    student meets in the module before recording their own (``j1.compare()`` shows it after)."""
    return {
        "TASS, 4 January": (
            "trust more", "Written the same night as news of a public television broadcast. A state agency is weak "
                          "evidence for why things happened, but the time of a broadcast is something it could "
                          "see, and Azattyq, which does not depend on it, gives the same day."),
        "Azattyq, 4 January": (
            "trust more", "Also written that night, by a broadcaster with another owner and another audience than "
                          "TASS: two accounts that do not depend on each other agree on 4 January."),
        "the spokesman, 9 January": (
            "trust less", "He was close to the president and knew what happened, but he spoke days later and set "
                          "many decisions out as one sequence; such retrospective timelines can merge two events, "
                          "and he spoke for the side whose decisions he was describing. No account made at the time "
                          "gives his date."),
        "TASS, 5 January": (
            "trust more", "Written the next day, it counts the addresses: calling the speech of 5 January the "
                          "second fits a first address late on 4 January."),
    }


CENTRAL_QUESTION = ("How did a protest over a gas price in one town become a national crisis within four days?")

LESSON = QuestionSet("timeline_lesson", "The timeline: check your understanding", [
    ValueQuestion(
        name="p1",
        var="reached_outside_mangystau",
        prompt="By the end of 4 January, in how many of the cities on the map had unrest been reported outside "
               "Mangystau Region, where the protests began?",
        expected=_cities_outside_mangystau_by_4_january,
        mistakes=lambda: {_cities_outside_mangystau_by_4_january() + _mangystau_cities():
                          "That is every city on the map. Leave out the ones in Mangystau Region.",
                          _mangystau_cities(): "Those are the cities in Mangystau Region. The question asks for "
                                               "the others."},
        hints=["Count the points on the map, then take away the cities of Mangystau Region (the first day's).",
               "The sentence under the map lists the cities by their first day."],
        solution_code="reached = timeline.cities_reached(events, until='2022-01-04')\n"
                      "reached_outside_mangystau = len(reached) - 2",
        explanation="Nine: by the third day of the protests, unrest was reported in cities across the country, "
                    "from Oral in the west to Almaty in the south-east and the capital in the north.",
    ),
    ValueQuestion(
        name="p2",
        var="order_on_5_january",
        prompt="Put these four events of 5 January in the order they happened, as a list of their labels: "
               "'resignation', 'internet', 'security council', 'csto'.",
        expected=list(ORDER_5_JANUARY),
        ordered=True,
        hints=["Each description in the table gives a time of day: early, the afternoon, about 19:00, late in "
               "the evening.",
               "Start with the one that happened 'early on 5 January'."],
        solution_code="order_on_5_january = ['resignation', 'internet', 'security council', 'csto']",
        explanation="The government resigned early in the morning; the internet went dark from about 16:30; at "
                    "about 19:00 the president said he had taken over the Security Council; late in the evening he "
                    "asked the CSTO for help. Concessions came first, force and a foreign alliance last.",
    ),
    JudgeFirstQuestion(
        name="j1",
        var="my_trust",
        prompt="When did President Tokayev give his first televised address of the unrest: on 4 or on 5 January? "
               "Judge each account before you see the kit's judgement.",
        items=lambda: {item: text for item, (text, _) in ADDRESS_ACCOUNTS.items()},
        labels=TRUST_LABELS,
        kit=_kit_on_the_address,
    ),
    WrittenQuestion(
        name="w1",
        var="my_answer",
        prompt=f"{CENTRAL_QUESTION} Answer in 100 to 150 words, with evidence from this lesson: say who gives "
               "each piece of evidence, and what the evidence cannot show.",
        min_words=80,
        hints=["Take the four days one at a time: 1 January (the price), 2-3 January (Mangystau), 4 January (the "
               "spread, the demands), 5 January (the state's response). What changed each day?",
               "Use the voices, the map and the state's response. Name who says each thing (the protesters, "
               "RFE/RL, the government...).",
               "End with what remains uncertain, and why."],
        solution_code='my_answer = """..."""',
        model_answer=(
            "The crisis grew in steps. On 1 January the price of LPG in Mangystau roughly doubled, in a region "
            "where many cars run on it and where police had shot striking oil workers in Zhanaozen in 2011. On 2 "
            "January drivers in Zhanaozen and Aktau protested, and photographs show placards against Nazarbayev "
            "the same day (The Diplomat). Within days activists there were asking for political change, not only "
            "cheaper gas (Orda.kz, one report). A price cut on 4 January did not stop it: by that evening the "
            "kit's sources report unrest in eleven cities, with rallies about corruption, jobs and pay (RFE/RL). "
            "On 5 January the government resigned, a state of emergency and an internet shutdown began, "
            "buildings in Almaty burned and the president asked the CSTO for troops. The sources cannot show who "
            "turned some protests violent, or how many people took part: both are still disputed."),
        rubric=[
            "Retells what happened (the price, the protests, the violence) without saying where the information "
            "comes from or how one step led to the next.",
            "Explains the spread with one or two causes (the price, older grievances, the state's response) and "
            "names a source or two, but treats every account as settled.",
            "Explains how the crisis grew day by day with evidence from the lesson, says who gives each piece "
            "(the protesters, the media, the government), and compares two accounts at one point.",
            "As level 3, and says what the evidence cannot show (only places a source reported are on the map; "
            "who turned protests violent is disputed), ending with a judgement attributed to the evidence.",
        ],
        explanation="The rubric has the shape of the teacher guide's shared rubric for written answers.",
    ),
])

p1, p2, j1, w1 = LESSON

events = data.load("events")
reports = data.load("casualty_reports")
emergency = data.load("emergency")
cities = data.load("cities")

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "____", "events", "reports", "emergency",
           "cities", "timeline", "style", "data", "sources", "pd", "QUESTIONS"]
