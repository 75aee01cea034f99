"""Practice questions of notebooks/00_start_here.ipynb and exercises/00_start_here.ipynb.

A question is one record: copy one, change it, and add it to QUESTIONS. Expected values are computed
from the data (a function), so a corrected dataset never leaves a stale answer behind.
"""
from qantar import data
from qantar.exercises.engine import QuestionSet, ValueQuestion, ____  # noqa: F401


def _number_of_cities():
    return len(data.load("cities"))


def _capital_in_january_2022():
    cities = data.load("cities")
    return cities.loc[cities["region"].str.contains("capital"), "city"].iloc[0]


QUESTIONS = QuestionSet("start", "Start here: practice questions", [
    ValueQuestion(
        name="q1",
        var="number_of_cities",
        prompt="How many cities and towns does the kit's cities table list?",
        expected=_number_of_cities,
        hints=["The table is already loaded as `cities`. How do you count the rows of a DataFrame?",
               "`len(df)` gives the number of rows of `df`."],
        solution_code="number_of_cities = len(cities)",
        explanation="Each row of cities.csv is one city, so the number of rows is the number of cities.",
    ),
    ValueQuestion(
        name="q2",
        var="capital_name",
        prompt="What was the official name of Kazakhstan's capital in January 2022? Use the name the "
               "kit's cities table gives.",
        expected=_capital_in_january_2022,
        accept=["Nursultan", "Nur Sultan"],
        hints=["Look at the `region` column of `cities`: one row says it is the capital.",
               "`cities[cities['region'].str.contains('capital')]` keeps only that row; read its `city`."],
        solution_code="capital_name = cities.loc[cities['region'].str.contains('capital'), 'city'].iloc[0]",
        explanation="The city was called Nur-Sultan from 2019 until September 2022, when it took back its "
                    "earlier name, Astana. Sources of January 2022 use Nur-Sultan; later ones say Astana.",
    ),
])

q1, q2 = QUESTIONS
cities = data.load("cities")

__all__ = ["q1", "q2", "____", "cities", "QUESTIONS"]
