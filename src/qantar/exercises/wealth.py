"""Questions of exercises/teacher/02_wealth.ipynb (and notebooks/02_wealth.ipynb's checks).

Every expected value is computed from the data by a function below, so a corrected dataset never leaves a
stale answer behind. Written questions have a model answer and a four-level rubric.
"""
from qantar import data, wealth
from qantar.exercises.engine import ChoiceQuestion, QuestionSet, ValueQuestion, WrittenQuestion, ____  # noqa: F401

rich = data.load("rich_list")
economy = data.load("economy")
fuel = data.load("fuel_prices")
uk = data.load("uk_links")
ar = data.load("asset_recovery")

JANUARY_2022 = "2022-01-14"


def _lpg_price_usd():
    return float(wealth.convert(120, "KZT", "USD", JANUARY_2022, economy).value)


def _couple_usd_bn():
    row = rich[rich["entry_id"] == "fp20220106-kulibayev-couple"].iloc[0]
    return float(row["net_worth_usd_bn"])


def _couple_kzt_bn():
    return float(wealth.convert(_couple_usd_bn(), "USD", "KZT", JANUARY_2022, economy).value)


def _years_min_wage():
    return wealth.years_of_wages(_couple_kzt_bn() * 1e9, 2022, "minimum", economy)


def _kim_share_gdp():
    row = rich[rich["entry_id"] == "fkz2020-vladimir-kim"].iloc[0]
    return wealth.share_of_gdp(row["net_worth_usd_bn"], 2020, economy)


def _family_total_2020():
    one = rich[(rich["list_publisher"] == "Forbes Kazakhstan annual list") & (rich["year"] == 2020)]
    return round(float(one.loc[one["family_link"] != "none", "net_worth_usd_bn"].sum()), 3)


def _lpg_rise_ratio():
    before = fuel[(fuel["place"] == "Mangystau Region") & (fuel["date_text"] == "2021-12")]["price_kzt_per_litre"].iloc[0]
    return wealth.price_on(fuel, "Mangystau Region", "2022-01-01") / float(before)


def _uranium_measure():
    shares = economy[economy["indicator"].astype(str).str.startswith("uranium_share")]
    near = shares[(shares["value"] - 40).abs() <= 6]["indicator"].astype(str).unique()
    if list(near) == ["uranium_share_world_production_pct"]:
        return "production"
    if list(near) == ["uranium_share_world_resources_pct"]:
        return "reserves"
    return "both" if len(near) == 2 else "neither"


def _blair_fee_count():
    return int((uk["category"] == "consultancy_fee").sum())


MODEL_URANIUM = (
            "The figure describes production: according to the World Nuclear Association, Kazakhstan mined about "
            "45% of the world's uranium in 2021 and about 43% in 2022 (Samruk-Kazyna says 42%). It does not "
            "describe reserves: estimates of its share of known resources are about 12-15%, depending on the "
            "edition. So the phrase is fair as 'about 40% of world production' but misleading if read as "
            "Kazakhstan owning 40% of all uranium. It also does not say who owns the mines or who receives "
            "the income from them, so on its own it says nothing about how that wealth is shared.")

MODEL_FEE = (
            "The fee has never been disclosed by either side. The $13m comes from the Financial Times in 2011, "
            "citing unnamed sources, and was repeated by the Guardian in 2022 as what the government 'is said "
            "to have paid'. Other outlets gave other figures: up to £8m a year (Sunday Telegraph), a proposed "
            "£5.3m a year in leaked papers of 2016, estimates up to $27m. Blair's office denied the figures. "
            "Because the sources disagree, rely on anonymous sources or describe a proposal rather than a "
            "payment, the kit records each as a contested report. The article also ties the payment to after "
            "Zhanaozen (December 2011), while the deal was reported in October 2011. A fair sentence would "
            "be: 'the deal was reported to be worth about $13m; the sum has never been confirmed'.")


QUESTIONS = QuestionSet("wealth", "The wealth figures: exercises", [
    ValueQuestion(
        name="q1",
        var="lpg_price_usd",
        prompt="On 1 January 2022 LPG cost 120 tenge a litre in Mangystau. What is that in US dollars at the "
               "National Bank rate of 14 January 2022, rounded to the cent?",
        expected=_lpg_price_usd,
        abs_tol=0.005,
        hints=["Find the row of `economy` whose indicator is `usd_kzt_rate` and whose period starts on "
               "2022-01-14. Its unit says how many tenge one dollar buys.",
               "If one dollar buys R tenge, then T tenge buy T / R dollars. `round(x, 2)` rounds to the cent."],
        solution_code=("rate = economy.loc[(economy['indicator'] == 'usd_kzt_rate')\n"
                       "                  & (economy['period_start'] == '2022-01-14'), 'value'].iloc[0]\n"
                       "lpg_price_usd = round(120 / rate, 2)"),
        explanation="The rate is 433.69 tenge per dollar, so 120 tenge are 120 / 433.69 = 0.2767 dollars: "
                    "28 cents, as RFE/RL reported. `wealth.convert(120, 'KZT', 'USD', '2022-01-14')` gives the "
                    "same answer and refuses a date the data does not cover.",
    ),
    ValueQuestion(
        name="q2",
        var="couple_kzt_bn",
        prompt="In a report on the unrest, relayed on 9 January 2022, Forbes put the joint fortune of Dinara "
               "Kulibayeva and Timur Kulibayev at $3.1bn. What is that in billions of tenge at the rate of "
               "14 January 2022?",
        expected=_couple_kzt_bn,
        rel_tol=1e-4,
        hints=["This time you go from dollars to tenge, so the rate multiplies.",
               "Billions of dollars times tenge per dollar gives billions of tenge: 3.1 x the rate."],
        solution_code=("rate = economy.loc[(economy['indicator'] == 'usd_kzt_rate')\n"
                       "                  & (economy['period_start'] == '2022-01-14'), 'value'].iloc[0]\n"
                       "couple_kzt_bn = 3.1 * rate"),
        explanation="3.1 x 433.69 = 1,344.4 billion tenge (about 1.3 trillion). The estimate is Forbes's, made "
                    "during the unrest (the report gives no day for it); the conversion is our calculation at the "
                    "rate of 14 January.",
    ),
    ValueQuestion(
        name="q3",
        var="years_min_wage",
        prompt="How many years would a worker on the 2022 minimum wage (see `economy`) need to earn that "
               "many tenge, before tax and spending nothing? Give the number of years (no rounding needed).",
        expected=_years_min_wage,
        rel_tol=1e-3,
        hints=["Find `min_monthly_wage_kzt` for 2022 in `economy`: it is a monthly figure.",
               "A year's minimum wage is 12 x the monthly wage. Divide the fortune in tenge (billions x 1e9) "
               "by it."],
        solution_code=("min_wage = economy.loc[(economy['indicator'] == 'min_monthly_wage_kzt')\n"
                       "                      & (economy['year'] == 2022), 'value'].iloc[0]\n"
                       "years_min_wage = couple_kzt_bn * 1e9 / (12 * min_wage)"),
        explanation="1,344.4 billion tenge / (12 x 60,000) = about 1.87 million years. Our calculation: it "
                    "compares a fortune (a stock) with an income (a flow), which is a way to grasp scale, "
                    "not a claim about how the fortune was made.",
    ),
    ValueQuestion(
        name="q4",
        var="kim_share_gdp",
        prompt="In the Forbes Kazakhstan list of 2020, Vladimir Kim was estimated at $4.1bn. What percentage "
               "of Kazakhstan's 2020 GDP (World Bank, in `economy`) is that? Answer in percent, e.g. 2.5.",
        expected=_kim_share_gdp,
        abs_tol=0.01,
        hints=["The indicator is `gdp_usd_bn`: GDP in billions of US dollars, so both numbers are in "
               "billions.",
               "Percentage = 100 x part / whole."],
        solution_code=("gdp_2020 = economy.loc[(economy['indicator'] == 'gdp_usd_bn')\n"
                       "                      & (economy['year'] == 2020), 'value'].iloc[0]\n"
                       "kim_share_gdp = 100 * 4.1 / gdp_2020"),
        explanation="100 x 4.1 / 171.08 = 2.4%. A fortune is not part of GDP (one year's output), so this is "
                    "a comparison of size, labelled our calculation.",
    ),
    ValueQuestion(
        name="q5",
        var="family_total_2020",
        prompt="In the Forbes Kazakhstan list of 2020, what is the combined estimated net worth, in US$ "
               "billion, of the people whose `family_link` is not 'none'?",
        expected=_family_total_2020,
        abs_tol=0.001,
        hints=["Keep one list only: `list_publisher` is 'Forbes Kazakhstan annual list' and `year` is 2020.",
               "Then keep the rows where `family_link != 'none'` and sum `net_worth_usd_bn`; or use "
               "`groupby('family_link')`."],
        solution_code=("list_2020 = rich[(rich['list_publisher'] == 'Forbes Kazakhstan annual list')\n"
                       "                 & (rich['year'] == 2020)]\n"
                       "family_total_2020 = list_2020.loc[list_2020['family_link'] != 'none', 'net_worth_usd_bn'].sum()"),
        explanation="Dinara Kulibayeva (2.9), Timur Kulibayev (2.9) and Kairat Boranbayev (0.519): $6.319bn "
                    "of the $19.8bn that the 17 listed estimates add up to. The sum stays within one list: adding "
                    "estimates from different publishers or dates would count fortunes twice.",
    ),
    ValueQuestion(
        name="q6",
        var="lpg_rise_ratio",
        prompt="Read the LPG chart for Mangystau (or the `fuel` table): by what factor did the price change "
               "from the end of 2021 to 1 January 2022? (2 means it doubled.)",
        expected=_lpg_rise_ratio,
        abs_tol=0.05,
        hints=["The end-of-2021 point is hollow (only the month is known); the 1 January point is filled.",
               "Factor = new price / old price."],
        solution_code=("mangystau = fuel[fuel['place'] == 'Mangystau Region']\n"
                       "before = mangystau.loc[mangystau['date_text'] == '2021-12', 'price_kzt_per_litre'].iloc[0]\n"
                       "after = mangystau.loc[mangystau['date_text'] == '2022-01-01', 'price_kzt_per_litre'].iloc[0]\n"
                       "lpg_rise_ratio = after / before"),
        explanation="From about 60 to 120 tenge a litre: a factor of 2, the 'doubling' reported at the time. "
                    "Some reports give 50-60 for 2021, which would make the factor between 2 and 2.4.",
    ),
    ChoiceQuestion(
        name="q7",
        var="uranium_measure",
        prompt="The starting article says Kazakhstan has '40% of the world's uranium'. Which measure in `economy` "
               "is close to 40%? Choose 'production', 'reserves', 'both' or 'neither'.",
        options=["production", "reserves", "both", "neither"],
        answer=_uranium_measure,
        hints=["Filter `economy` for indicators that start with `uranium_share`.",
               "Compare the production share (mining per year) with the resources share (what is in the "
               "ground)."],
        solution_code='uranium_measure = "production"',
        explanation="Kazakhstan mined about 43-45% of the world's uranium in 2021-22 (World Nuclear "
                    "Association), but holds about 12-15% of known resources. 'The world's uranium' in the "
                    "article fits production, not what is in the ground.",
    ),
    ValueQuestion(
        name="q8",
        var="blair_fee_count",
        prompt="How many different reported figures for the fee of Tony Blair's consultancy does `uk` "
               "(uk_links.csv) record? (Count the rows whose category is 'consultancy_fee'.)",
        expected=_blair_fee_count,
        hints=["Filter `uk` on the `category` column.",
               "`len(...)` or `.sum()` of a True/False column counts rows."],
        solution_code="blair_fee_count = (uk['category'] == 'consultancy_fee').sum()",
        explanation="Five rows: $13m (FT, 2011), up to £8m a year (Sunday Telegraph, 2011), $13m again "
                    "(Guardian, 2022), a proposed £5.3m a year (leaked papers, 2016) and estimates up to $27m. "
                    "Every row is marked contested: the fee has never been disclosed.",
    ),
    WrittenQuestion(
        name="q9",
        var="uranium_answer",
        prompt="What does '40% of the world's uranium' say about Kazakhstan, and what does it not say? Use "
               "the figures in `economy` and say who gives them.",
        hints=["Two different things can be 'the world's uranium': what is mined each year, and what is "
               "known to be in the ground.",
               "Give one figure of each kind with its year and source, then say which one the article's "
               "phrase matches and what a reader might wrongly conclude."],
        solution_code=f'uranium_answer = """{MODEL_URANIUM}"""',
        model_answer=MODEL_URANIUM,
        rubric=[
            "Repeats the 40% or says it is wrong, without distinguishing production from reserves.",
            "Distinguishes production from reserves, but without figures, years or sources.",
            "Gives a production share and a reserves share with years and sources, and says which one the "
            "phrase matches.",
            "As level 3, and explains what the figure cannot tell (ownership, who benefits, edition-dependent "
            "resource estimates) and how the phrase could mislead.",
        ],
    ),
    WrittenQuestion(
        name="q10",
        var="fee_answer",
        prompt="The starting article says Tony Blair was paid $13 million. Using uk_links.csv, explain why a reported "
               "figure for a consultancy fee is not the same as an established fact.",
        hints=["Look at every `consultancy_fee` row: who gives each figure, and how did they know?",
               "Compare the words the sources use (said to, as much as, proposed, estimate) with what Blair's "
               "office said, and with the date of the deal and of Zhanaozen."],
        solution_code=f'fee_answer = """{MODEL_FEE}"""',
        model_answer=MODEL_FEE,
        rubric=[
            "Accepts or rejects the $13m without looking at the sources.",
            "Notes that sources give different figures, but does not say who gives which or why that matters.",
            "Names at least two competing figures with their sources and the denial, and explains that a "
            "reported figure is a claim.",
            "As level 3, and distinguishes kinds of evidence (anonymous sources, leaked proposal, estimate), "
            "notes the timing problem, and proposes a carefully attributed wording.",
        ],
    ),
])

q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = QUESTIONS

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "____", "QUESTIONS",
           "rich", "economy", "fuel", "uk", "ar", "wealth", "data"]
