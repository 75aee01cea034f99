"""Questions of notebooks/00_start_here.ipynb, also handed in as exercises/00_start_here.ipynb.

The five pandas moves, one question each (q1 look at a table, q2 pick a column, q3 filter rows, q4 count,
q5 sort), then a map of your own (q6, the same filter on the kit's map helper), then a written first
impression of the unit's question (q7). Each question asks about other rows than the lesson's worked
example shows, so the answer is found, not copied. Expected values are computed from the data, so a
corrected dataset never leaves a stale answer behind. A question is one record: copy one to add one.
"""
from dataclasses import dataclass

from qantar import data, maps, style
from qantar.exercises.engine import (INCORRECT, QuestionSet, ValueQuestion, WrittenQuestion, ____,  # noqa: F401
                                     _describe)

WEST_OF = 60  # degrees east: the four western regions (Mangystau, Atyrau, West Kazakhstan, Aktobe) lie west of it
# The lesson's map lists its sources, and each city's coordinates come from a page titled with the city's name,
# so every city's name is on the lesson page. A question whose answer is a city name asks which city has a
# property the page does not show (tests/test_start.py checks that the lesson's own words never give it).
NAMES_IN_MAP_SOURCES = ("Every city's name is in the lesson map's list of sources (each city's coordinates come "
                        "from a page titled with its name); ")


def _cities():
    return data.load("cities")


def _region_of(city):
    cities = _cities()
    return cities.loc[cities["city"] == city, "region"].iloc[0]


def _northernmost_latitude():
    return float(_cities()["lat"].max())


def _capital_in_january_2022():
    cities = _cities()
    return cities.loc[cities["region"].str.contains("capital"), "city"].iloc[0]


def _western_cities():
    cities = _cities()
    return list(cities.loc[cities["lon"] < WEST_OF, "city"])


def _easternmost_three():
    return list(_cities().sort_values("lon", ascending=False)["city"].head(3))


def _latitude_mistakes():
    cities = _cities()
    return {float(cities["lat"].min()): "That is the smallest latitude, the city furthest south. Latitude grows "
                                        "towards the north: which method gives the largest value?",
            float(cities["lon"].max()): "That is a longitude (east to west). Latitude is the north to south "
                                        "position: check which column you picked.",
            float(cities["lon"].min()): "That is a longitude (east to west). Latitude is the north to south "
                                        "position: check which column you picked."}


def _count_mistakes():
    everything, west = len(_cities()), len(_western_cities())
    return {everything: "That is every city in the table: your count kept all the rows. Filter first, then count.",
            everything - west: "That counts the cities east of the line. Check the direction of your comparison: "
                               "`<` keeps the smaller longitudes, which lie further west."}


def _sort_mistakes():
    cities = _cities()
    western = list(cities.sort_values("lon")["city"].head(3))
    return {tuple(western): "Those are the three furthest west. sort_values puts the smallest value first "
                            "unless you give it ascending=False, and longitude grows towards the east."}


def _map_mistakes():
    east = [c for c in _cities()["city"] if c not in set(_western_cities())]
    return {tuple(east): "Your map highlights the cities east of the line. Check the direction of your "
                         "comparison: `<` keeps the smaller longitudes, which lie further west."}


@dataclass(repr=False)
class MapQuestion(ValueQuestion):
    """A map drawn with ``maps.plot_cities``, checked by the cities it highlights (``expected``, a list).

    The answer is the map's description (``style.description(ax)``), plain text that says what the map shows,
    so the grader, which reads only plain values, can judge it too. The engine has no chart question yet."""

    def judge(self, answer):
        shown = _highlighted(answer)
        if isinstance(shown, str):
            return INCORRECT, shown
        status, message = super().judge(shown)
        if status == INCORRECT:  # the list judge's words ("your list") would puzzle someone who drew a map
            message = (f"Your map highlights {len(shown)} {'city' if len(shown) == 1 else 'cities'}, not the "
                       "ones asked for. Check the filter that gives the names you pass to `highlight=`.")
        return status, message

    def known_mistake(self, answer):
        shown = _highlighted(answer)
        return None if isinstance(shown, str) else super().known_mistake(shown)


def _highlighted(answer):
    """The cities a map's description says it highlights, or a message saying why it is not the asked map."""
    if not isinstance(answer, str) and style.description(answer):
        return ("That is the map itself. Set `map_description` to the sentence that describes it: "
                "style.description(...) of your map.")
    read = maps.read_description(answer) if isinstance(answer, str) else None
    if read is None:
        return (f"Your answer is {_describe(answer)}, not a map's description. Set it to "
                "style.description(...) of what maps.plot_cities(...) returned.")
    drawn, cities = read
    every = len(_cities())
    if drawn < every:
        return (f"Your map shows {drawn} of the {every} cities. Draw them all (give plot_cities the whole "
                "`cities` table) and highlight some of them.")
    if not cities:
        return ("Your map highlights no city. `highlight=` takes the names of the cities to mark: a list of "
                "names, or a table's `city` column.")
    return cities


QUESTIONS = QuestionSet("start", "Start here: practice questions", [
    ValueQuestion(
        name="q1",
        var="petropavl_region",
        prompt="Look at the whole cities table. In which region is Petropavl? Give the region as the table "
               "writes it, in quotes.",
        expected=lambda: _region_of("Petropavl"),
        accept=["North Kazakhstan"],
        hints=["Run a cell that holds only `cities` to see every row, then find the row whose `city` is "
               "Petropavl.",
               "Read across that row to the `region` column and copy its text between quotes."],
        solution_code="petropavl_region = cities.loc[cities['city'] == 'Petropavl', 'region'].iloc[0]",
        explanation="Each row of the table is one city; its `region` column says which region (oblast) it was "
                    "in in January 2022. Reading it off the table is fine; the solution's code finds the same "
                    "cell with a filter, which you meet in move 3.",
        mistakes={"Petropavl": "That is the city itself: the question asks for the text in its `region` column.",
                  "Petropavlovsk": "That is another name of the city itself: the question asks for the text in "
                                   "its `region` column."},
    ),
    ValueQuestion(
        name="q2",
        var="northernmost_latitude",
        prompt="Pick the `lat` column (latitude, in degrees north) and find its largest value: how far north is "
               "the kit's northernmost city?",
        expected=_northernmost_latitude,
        abs_tol=0.005,
        hints=["`cities['lat']` picks one column. Which method gives the largest value of a column?",
               "`.max()` gives the largest value and `.min()` the smallest: `cities['lat'].max()`."],
        solution_code="northernmost_latitude = cities['lat'].max()",
        explanation="Latitude grows towards the north, so the largest latitude belongs to the city furthest "
                    "north. `cities['lat']` picks the column and `.max()` finds its largest value.",
        mistakes=_latitude_mistakes,
    ),
    ValueQuestion(
        name="q3",
        var="capital_name",
        prompt="Filter the cities table to the row of Kazakhstan's capital (its `region` contains the word "
               "'capital'). What was the capital called in January 2022? Give the name as the table writes it, "
               "in quotes.",
        expected=_capital_in_january_2022,
        accept=["Nur Sultan"],
        hints=["Look at the `region` column: one row says it is the capital. Keep only that row with a filter.",
               "`cities[cities['region'].str.contains('capital')]` keeps the rows whose region contains "
               "'capital'; read the `city` of the row it gives."],
        solution_code="capital_name = cities.loc[cities['region'].str.contains('capital'), 'city'].iloc[0]",
        explanation="In March 2019 the capital, until then called Astana, was renamed Nur-Sultan after the first "
                    "president, Nursultan Nazarbayev; in September 2022 it took back the name Astana (the kit's "
                    "context events of those dates). Sources of January 2022 say Nur-Sultan; later ones say "
                    "Astana. The kit uses the names in use at the time, and its `alt_names` column lists the "
                    "others.",
        on_page_because=NAMES_IN_MAP_SOURCES + "the page does not say which city was the capital.",
        mistakes={"Astana": "Astana is the capital's name today (since September 2022). The question asks for its "
                            "name in January 2022: read the `city` column of the row your filter keeps.",
                  "Almaty": "Almaty is the largest city, but not the capital in 2022. Filter the rows whose "
                            "`region` contains 'capital'.",
                  "Nursultan": "Nearly: that is how the first president's first name is spelled. Copy the "
                               "city's name exactly as the `city` column writes it."},
    ),
    ValueQuestion(
        name="q4",
        var="cities_in_the_west",
        prompt=f"The oil-producing regions are in the far west. How many of the kit's cities lie west of "
               f"longitude {WEST_OF} (their `lon` is less than {WEST_OF})?",
        expected=lambda: len(_western_cities()),
        hints=[f"Filter first: `cities[cities['lon'] < {WEST_OF}]` keeps the rows whose longitude is less "
               f"than {WEST_OF}.",
               "Then count the rows that are left: `len(...)` of the filtered table."],
        solution_code=f"cities_in_the_west = len(cities[cities['lon'] < {WEST_OF}])",
        explanation=f"The filter keeps the cities whose longitude is below {WEST_OF} degrees east (the further "
                    "west, the smaller the longitude); `len()` counts the rows left. They are the cities of the "
                    "four western regions, where most of the oil is, and where the protests began.",
        mistakes=_count_mistakes,
    ),
    ValueQuestion(
        name="q5",
        var="furthest_east",
        prompt="Sort the cities by longitude, largest first. Which three cities lie furthest east? Give a list "
               "of their names, the easternmost first.",
        expected=_easternmost_three,
        ordered=True,
        hints=["`cities.sort_values('lon')` sorts from the smallest longitude (furthest west). How do you make "
               "it start from the largest?",
               "`cities.sort_values('lon', ascending=False)` starts from the largest; `.head(3)` keeps three rows "
               "and `['city'].tolist()` makes their names a list."],
        solution_code="furthest_east = cities.sort_values('lon', ascending=False)['city'].head(3).tolist()",
        explanation="Longitude grows towards the east, so sorting it from the largest value puts the "
                    "easternmost city first; `.head(3)` keeps the first three rows.",
        on_page_because=NAMES_IN_MAP_SOURCES + "the page does not say which lie furthest east.",
        mistakes=_sort_mistakes,
    ),
    MapQuestion(
        name="q6",
        var="map_description",
        prompt=f"Make a map with the kit's helper: all the cities, with those west of longitude {WEST_OF} (the "
               "cities you counted in Question 4) highlighted, and show it. Every chart of the kit carries the "
               "sentence printed under it, its description: set `map_description` to your map's.",
        expected=_western_cities,
        hints=["`maps.plot_cities(cities, highlight=[...])` draws every city and marks those named in "
               "`highlight`; `style.show(...)` shows the map, and `style.description(...)` gives its sentence.",
               f"Keep the western cities with the filter of Question 4 and pass their names: "
               f"`west_map = maps.plot_cities(cities, highlight=cities[cities['lon'] < {WEST_OF}]['city'])`, then "
               "`style.show(west_map)` and `map_description = style.description(west_map)`."],
        solution_code=(f"west_map = maps.plot_cities(cities, highlight=cities[cities['lon'] < {WEST_OF}]['city'])\n"
                       "style.show(west_map)\n"
                       "map_description = style.description(west_map)"),
        explanation="plot_cities draws the outline, every city and its name, and marks the highlighted ones "
                    "with another colour and marker; its description says which. The map shows what the count "
                    "of Question 4 cannot: the western cities lie by the Caspian Sea and along the border with "
                    "Russia, far from Almaty and the capital.",
        on_page_because=NAMES_IN_MAP_SOURCES + f"the page does not say which lie west of longitude {WEST_OF}.",
        mistakes=_map_mistakes,
    ),
    WrittenQuestion(
        name="q7",
        var="first_impression",
        prompt="Your first impression of the unit's question: what happened in Kazakhstan in January 2022, and "
               "how can we know? In three to five sentences (about 50 to 80 words), say what you think happened, "
               "which part you are surest of and which least, and one thing you would want to find out.",
        hints=["Reread 'January 2022 in brief' and the box 'Kazakhstan before 2022'. Which statements come with "
               "a name and a date (who said it, when)?",
               "Which statements there are official figures or claims, and which does everyone agree on?",
               "End with a question you would like the unit to answer, for example about a figure or about who "
               "did what."],
        solution_code='first_impression = """..."""',
        min_words=30,
        model_answer=(
            "A rise in the price of LPG, a car fuel, set off protests in Zhanaozen on 2 January, and within days "
            "they had spread across the country. The government resigned, a state of emergency was declared and "
            "troops of a Russian-led alliance came. In Almaty there was shooting and buildings burned. I am surest "
            "of the order of events, least sure of who organised the violence: the government blamed "
            "'terrorists', but that is its own claim. I want to find out how the death toll of 238 was counted."),
        explanation="A first impression is not marked for being right. Keep it: at the end of the unit, students "
                    "reread it and note what they would now say differently, and on what evidence.",
        rubric=[
            "Retells one or two events, without saying where the information comes from.",
            "Describes the main events in order (the fuel price, the protests spreading, the violence and the "
            "state's response) and says which statements or figures are official.",
            "As level 2, and separates what seems settled from what is disputed or claimed by one side, ending "
            "with a precise question to investigate in the unit.",
        ],
    ),
])

q1, q2, q3, q4, q5, q6, q7 = QUESTIONS
cities = data.load("cities")

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "____", "cities", "QUESTIONS"]
