"""Questions of exercises/teacher/02_wealth.ipynb, and ``LESSON``, the practice of notebooks/02_wealth.ipynb.

The set goes from guided to open: three conversions that follow the lesson's worked example with another
fortune (q1-q3), two tasks in which students write a few lines of pandas (q4 a filter and a sum, q5 the
lesson's price comparison for another city), a chart of their own made with the kit's style helpers (q6
the helper function, q7 the chart), then reading a claim of the starting article (q8, q9) and, for the
lesson's extension, a written answer on a contested fee (q10).

Every expected value is computed from the data by a function below, so a corrected dataset never leaves a
stale answer behind. The predictable wrong answers (the rate multiplied instead of divided, tenge instead of
billions, a monthly wage taken for a yearly one, another year's figure, a fraction for a percentage) have
their own messages, which name the slip and never the answer. Written questions have a model answer (for
the teacher) and a four-level rubric (shown to students).
"""
from qantar import data, wealth
from qantar.exercises.engine import (ChoiceQuestion, FunctionQuestion, QuestionSet, ValueQuestion,  # noqa: F401
                                     WrittenQuestion, ____)

rich = data.load("rich_list")
economy = data.load("economy")
fuel = data.load("fuel_prices")
uk = data.load("uk_links")
ar = data.load("asset_recovery")

JANUARY_2022 = "2022-01-14"
ONE_LIST = "Forbes Kazakhstan annual list"
LITRES = 80  # the chart's month of LPG: 1,000 km at 8 litres per 100 km, the lesson's example


# ---------------------------------------------------------------------------------------------
# The data each answer comes from


def _rate():
    return float(wealth.exchange_rate("USD", "KZT", JANUARY_2022, economy).value)


def _couple_usd_bn():
    row = rich[rich["entry_id"] == "fp20220106-kulibayev-couple"].iloc[0]
    return float(row["net_worth_usd_bn"])


def _wage(year, kind):
    return wealth.monthly_wage(year, kind, economy).value


def _gdp(year):
    return wealth.gdp(year, economy).value


def _other_usd_rates():
    """(days, rate) of every dollar-tenge rate but the one of 14 January 2022."""
    rows = wealth.rate_rows(economy)
    rows = rows[(rows["indicator"] == "usd_kzt_rate") & (rows["period_start"] != JANUARY_2022)]
    return [(wealth._format_period(r.period_start, r.period_end), float(r.value)) for r in rows.itertuples()]


def _price(price_id):
    return float(fuel.loc[fuel["price_id"] == price_id, "price_kzt_per_litre"].iloc[0])


# --- q1-q3: one fortune at three scales ---------------------------------------------------------

def _couple_kzt_bn():
    return float(wealth.convert(_couple_usd_bn(), "USD", "KZT", JANUARY_2022, economy).value)


def _couple_kzt_bn_mistakes():
    usd = _couple_usd_bn()
    slips = {usd / _rate(): "You divided by the rate. Ask yourself which number is bigger: a sum in dollars, or "
                            "the same sum in tenge, when one dollar buys hundreds of tenge?",
             usd * 1e9 * _rate(): "That is the number of tenge. The question asks for billions of tenge: a number "
                                  "of billions, like the $3.1bn you started from."}
    for days, rate in _other_usd_rates():
        slips[usd * rate] = f"That uses the rate of {days}. The question asks for the rate of 14 January 2022."
    return slips


def _years_min_wage():
    return wealth.years_of_wages(_couple_kzt_bn() * 1e9, 2022, "minimum", economy)


def _years_min_wage_mistakes():
    fortune = _couple_kzt_bn() * 1e9
    return {fortune / _wage(2022, "minimum"): "That is a number of months: the wage in `economy` is per month. "
                                              "How much does the worker earn in a year?",
            fortune / (12 * _wage(2022, "average")): "That uses the average wage. The question asks about a worker "
                                                     "on the minimum wage.",
            fortune / (12 * _wage(2021, "minimum")): "That uses the minimum wage of 2021. It changed on 1 January "
                                                     "2022: use the row for 2022.",
            fortune / 1e9 / (12 * _wage(2022, "minimum")): "Your fortune is still in billions. Turn billions of "
                                                           "tenge into tenge (x 1,000,000,000) before dividing by a "
                                                           "wage in tenge."}


def _couple_share_gdp():
    return wealth.share_of_gdp(_couple_usd_bn(), 2022, economy)


def _couple_share_gdp_mistakes():
    usd = _couple_usd_bn()
    slips = {100 * usd / _gdp(year): f"That uses the GDP of {year}. The estimate is of January 2022: compare it "
                                     "with the GDP of the same year." for year in (2020, 2021, 2023)}
    slips[100 * _gdp(2022) / usd] = ("You divided the GDP by the fortune. The question asks what part of GDP the "
                                     "fortune is, so the fortune goes on top.")
    slips[_gdp(2022) / usd] = slips[100 * _gdp(2022) / usd]
    slips[100 * _couple_kzt_bn() / _gdp(2022)] = ("You compared billions of tenge with a GDP in billions of US "
                                                  "dollars. Put both in the same currency first.")
    return slips


# --- q4, q5: a few lines of pandas --------------------------------------------------------------

def _family_total_2020():
    one = rich[(rich["list_publisher"] == ONE_LIST) & (rich["year"] == 2020)]
    return round(float(one.loc[one["family_link"] != "none", "net_worth_usd_bn"].sum()), 3)


def _family_total_mistakes():
    one = rich[(rich["list_publisher"] == ONE_LIST) & (rich["year"] == 2020)]
    every_list = rich.loc[rich["family_link"] != "none", "net_worth_usd_bn"].sum()
    return {round(float(every_list), 3): "You added estimates from several lists and dates, which counts the same "
                                         "fortunes more than once. Keep the Forbes Kazakhstan list of 2020 only.",
            round(float(one.loc[one["family_link"] == "none", "net_worth_usd_bn"].sum()), 3):
                "That is the total of the people with no family link reported. Check == and != in your filter.",
            round(float(one["net_worth_usd_bn"].sum()), 3): "That is the total of the whole 2020 list. Keep only "
                                                            "the people whose family_link is not 'none'."}


def _oral_rise_ratio():
    return _price("oral-2022-01-early") / _price("oral-2021-10-11")


def _oral_rise_mistakes():
    before, after = _price("oral-2021-10-11"), _price("oral-2022-01-early")
    mangystau = _price("mangystau-2022-01-01") / _price("mangystau-2021-12")
    return {mangystau: "That is the factor for Mangystau, worked out in the lesson. Filter the `fuel` rows for Oral.",
            100 * (after - before) / before: "That is the rise as a percentage. The question asks for a factor: how "
                                             "many times the old price the new price is.",
            after - before: "That is the difference in tenge. The question asks for a factor: how many times the old "
                            "price the new price is."}


# --- q6, q7: a chart of their own ---------------------------------------------------------------

def _wage_share(price, litres, wage):
    return 100 * price * litres / wage


# The four prices of the chart: Mangystau before and after (the lesson's case), Oral before and after (q5's).
CHART_PRICES = ["mangystau-2021-12", "mangystau-2022-01-01", "oral-2021-10-11", "oral-2022-01-early"]


def _bar_heights(litres=LITRES, wage_kind="minimum"):
    return [round(_wage_share(_price(p), litres, _wage(2022, wage_kind)), 1) for p in CHART_PRICES]


def _bar_height_mistakes():
    fractions = tuple(round(h / 100, 1) for h in _bar_heights())  # as bar_heights rounds them
    return {tuple(_bar_heights(litres=100)): "Those are the shares for 100 litres a month; this chart is for 80.",
            tuple(_bar_heights(wage_kind="average")): "Those are shares of the average wage; this chart compares "
                                                      "with the 2022 minimum wage.",
            fractions: "Your bars are fractions of the wage. The chart's axis is in percent."}


# --- q8: a claim of the starting article --------------------------------------------------------

def _uranium_measure():
    shares = economy[economy["indicator"].astype(str).str.startswith("uranium_share")]
    near = shares[(shares["value"] - 40).abs() <= 6]["indicator"].astype(str).unique()
    if list(near) == ["uranium_share_world_production_pct"]:
        return "production"
    if list(near) == ["uranium_share_world_resources_pct"]:
        return "reserves"
    return "both" if len(near) == 2 else "neither"


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

RATE_HINT = ("Find the row of `economy` whose indicator is `usd_kzt_rate` and whose `period_start` is 2022-01-14: "
             "its value is how many tenge one dollar buys.")


QUESTIONS = QuestionSet("wealth", "The wealth figures: exercises", [
    ValueQuestion(
        name="q1",
        var="couple_kzt_bn",
        prompt="During the unrest Forbes put the joint fortune of Dinara Kulibayeva and Timur Kulibayev at $3.1bn "
               "(a report relayed on 9 January 2022). What is that in billions of tenge at the National Bank rate "
               "of 14 January 2022?",
        expected=_couple_kzt_bn,
        rel_tol=1e-4,
        mistakes=_couple_kzt_bn_mistakes,
        hints=[RATE_HINT,
               "The lesson went from tenge to dollars. This time you go from dollars to tenge: should the number "
               "get bigger or smaller? Billions of dollars times tenge per dollar gives billions of tenge."],
        solution_code=("rate = economy.loc[(economy['indicator'] == 'usd_kzt_rate')\n"
                       "                  & (economy['period_start'] == '2022-01-14'), 'value'].iloc[0]\n"
                       "couple_kzt_bn = 3.1 * rate"),
        explanation="3.1 x 433.69 = 1,344.4 billion tenge (about 1.3 trillion). The estimate is Forbes's, made "
                    "during the unrest (the report gives no day for it); the conversion is our calculation at the "
                    "rate of 14 January.",
    ),
    ValueQuestion(
        name="q2",
        var="years_min_wage",
        prompt="How many years would a worker on the 2022 minimum wage (see `economy`) need to earn that many "
               "tenge, before tax and spending nothing? Give the number of years (no rounding needed).",
        expected=_years_min_wage,
        rel_tol=1e-3,
        mistakes=_years_min_wage_mistakes,
        hints=["Find `min_monthly_wage_kzt` for 2022 in `economy`. Read its unit: per month or per year?",
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
        name="q3",
        var="couple_share_gdp",
        prompt="What percentage of Kazakhstan's GDP in 2022 (World Bank, in `economy`) is the couple's $3.1bn? "
               "Answer in percent, e.g. 2.5.",
        expected=_couple_share_gdp,
        abs_tol=0.01,
        mistakes=_couple_share_gdp_mistakes,
        hints=["The indicator is `gdp_usd_bn`: GDP in billions of US dollars, so both numbers are in billions of "
               "dollars. Which year's row?",
               "Percentage = 100 x part / whole."],
        solution_code=("gdp_2022 = economy.loc[(economy['indicator'] == 'gdp_usd_bn')\n"
                       "                      & (economy['year'] == 2022), 'value'].iloc[0]\n"
                       "couple_share_gdp = 100 * 3.1 / gdp_2022"),
        explanation="100 x 3.1 / 225.5 = 1.37%. A fortune is not part of GDP (one year's output), so this is a "
                    "comparison of size, labelled our calculation.",
    ),
    ValueQuestion(
        name="q4",
        var="family_total_2020",
        prompt="Write the pandas yourself. In the Forbes Kazakhstan list of 2020, what is the combined estimated "
               "net worth, in US$ billion, of the people whose `family_link` is not 'none'?",
        expected=_family_total_2020,
        abs_tol=0.001,
        mistakes=_family_total_mistakes,
        hints=["Start as the lesson did: keep one list only (`list_publisher` is 'Forbes Kazakhstan annual list' "
               "and `year` is 2020).",
               "Then keep the rows where `family_link != 'none'` and `.sum()` the `net_worth_usd_bn` column."],
        solution_code=("list_2020 = rich[(rich['list_publisher'] == 'Forbes Kazakhstan annual list')\n"
                       "                 & (rich['year'] == 2020)]\n"
                       "family_total_2020 = list_2020.loc[list_2020['family_link'] != 'none', 'net_worth_usd_bn'].sum()"),
        explanation="Dinara Kulibayeva (2.9), Timur Kulibayev (2.9) and Kairat Boranbayev (0.519): $6.319bn "
                    "of the $19.8bn that the 17 listed estimates add up to. The sum stays within one list: adding "
                    "estimates from different publishers or dates would count fortunes twice.",
    ),
    ValueQuestion(
        name="q5",
        var="oral_rise_ratio",
        prompt="The lesson worked out that LPG in Mangystau cost twice as much on 1 January 2022 as at the end of "
               "2021. Do the same for Oral, in West Kazakhstan Region, from the `fuel` table: by what factor did "
               "the price change between the figure of 11 October 2021 and the one for early January 2022? "
               "(2 would mean it doubled.)",
        expected=_oral_rise_ratio,
        abs_tol=0.01,
        mistakes=_oral_rise_mistakes,
        hints=["Filter `fuel` for the rows whose `place` is 'Oral'. Which two rows are the prices before and "
               "after? Look at `date_text`.",
               "Factor = new price / old price. Take each price out of its row with `.iloc[0]`."],
        solution_code=("oral = fuel[fuel['place'] == 'Oral']\n"
                       "before = oral.loc[oral['date_text'] == '2021-10-11', 'price_kzt_per_litre'].iloc[0]\n"
                       "after = oral.loc[oral['date_text'] == '2022-01', 'price_kzt_per_litre'].iloc[0]\n"
                       "oral_rise_ratio = after / before"),
        explanation="From 82 to 120 tenge a litre: a factor of about 1.46, a smaller jump than Mangystau's doubling, "
                    "from a higher starting price. Each Oral figure comes from one report (an October average, "
                    "and a price for early January with no day), so read the factor as approximate.",
    ),
    FunctionQuestion(
        name="q6",
        var="share_function",
        prompt="Write a function `wage_share(price_per_litre, litres, monthly_wage)` that returns what that many "
               "litres of LPG cost as a percentage of a monthly wage (all in tenge). Then set "
               "`share_function = wage_share`.",
        cases=[((120, 80, 60000), 16.0), ((60, 80, 60000), 8.0), ((82, 100, 42500), _wage_share(82, 100, 42500))],
        abs_tol=0.01,
        hints=["The cost is price x litres. What share of the wage is that, in percent?",
               "def wage_share(price_per_litre, litres, monthly_wage):\n    return 100 * ... / monthly_wage"],
        solution_code=("def wage_share(price_per_litre, litres, monthly_wage):\n"
                       "    return 100 * price_per_litre * litres / monthly_wage\n\n"
                       "share_function = wage_share"),
        explanation="Cost = price x litres; share = 100 x cost / wage. 80 litres at 120 tenge cost 9,600 tenge, "
                    "16% of a 60,000-tenge monthly wage. The function is the helper your chart uses for each bar.",
    ),
    ValueQuestion(
        name="q7",
        var="bar_heights",
        prompt="Make the chart. With `wage_share` and the kit's style helpers, draw one bar for each of four LPG "
               "prices: Mangystau at the end of 2021 and on 1 January 2022, Oral on 11 October 2021 and in early "
               "January 2022. Each bar is what 80 litres a month cost at that price, as a share of the 2022 "
               "minimum wage. Label the bars in words, give the chart a title and a y-axis label with its unit, "
               "attach a one-sentence description and the rows' sources with `style.finish`, and show it with "
               "`style.show(ax)`. Then set `bar_heights = [round(bar.get_height(), 1) for bar in ax.patches]`.",
        expected=_bar_heights,
        mistakes=_bar_height_mistakes,
        hints=["Take the four rows from `fuel` by their `price_id`: 'mangystau-2021-12', 'mangystau-2022-01-01', "
               "'oral-2021-10-11' and 'oral-2022-01-early'. The wage is `min_monthly_wage_kzt` of 2022.",
               "ax = style.new_axes(); ax.bar(labels, [wage_share(p, 80, min_wage) for p in "
               "rows['price_kzt_per_litre']]); then ax.set_title(...), ax.set_ylabel('% of the 2022 minimum "
               "wage'), style.finish(ax, 'One sentence on what it shows.', rows) and style.show(ax)."],
        solution_code=(
            "rows = fuel.set_index('price_id').loc[['mangystau-2021-12', 'mangystau-2022-01-01',\n"
            "                                      'oral-2021-10-11', 'oral-2022-01-early']]\n"
            "min_wage = economy.loc[(economy['indicator'] == 'min_monthly_wage_kzt')\n"
            "                      & (economy['year'] == 2022), 'value'].iloc[0]\n"
            "labels = ['Mangystau,\\nend of 2021', 'Mangystau,\\n1 January 2022', 'Oral,\\n11 October 2021',\n"
            "          'Oral,\\nearly January 2022']\n"
            "ax = style.new_axes(figsize=(8, 4.5))\n"
            "ax.bar(labels, [wage_share(p, 80, min_wage) for p in rows['price_kzt_per_litre']],\n"
            "       color=style.COLOURS[:2] * 2, hatch=['', '//'] * 2)\n"
            "ax.set_title('80 litres of LPG a month, before and after the price rise')\n"
            "ax.set_ylabel('% of the 2022 minimum wage')\n"
            "style.finish(ax, 'What 80 litres of LPG cost at four prices in Mangystau and Oral, as a share of the '\n"
            "                 '2022 minimum wage of 60,000 tenge a month (our calculation).', rows)\n"
            "style.show(ax)\n"
            "bar_heights = [round(bar.get_height(), 1) for bar in ax.patches]"),
        explanation="The bars are 8.0 and 16.0 for Mangystau and 10.9 and 16.0 for Oral: at the January prices, 80 "
                    "litres a month took about a sixth of the 2022 minimum wage in both places. Each bar is our "
                    "calculation from one price and one wage, and the prices come from different reports (see the "
                    "caption).",
    ),
    ChoiceQuestion(
        name="q8",
        var="uranium_measure",
        prompt="The starting article says Kazakhstan has '40% of the world's uranium'. Which measure in `economy` "
               "is close to 40%? Choose 'production', 'reserves', 'both' or 'neither'.",
        options=["production", "reserves", "both", "neither"],
        answer=_uranium_measure,
        option_reasons={
            "reserves": "reserves are what is known to be in the ground. Look at the value of the resources row "
                        "in `economy`: is it near 40%?",
            "both": "only one of the two uranium rows in `economy` comes near 40%; compare their values.",
            "neither": "one of the uranium rows in `economy` is within a few points of 40%; look at each row's "
                       "value and unit again.",
            "production": "production is what is mined in a year. Look at the value of the production rows in "
                          "`economy`: is it near 40%?",
        },
        hints=["Filter `economy` for indicators that start with `uranium_share` "
               "(`economy['indicator'].str.startswith('uranium_share')`).",
               "Compare the production share (mining per year) with the resources share (what is in the "
               "ground)."],
        solution_code='uranium_measure = "production"',
        explanation="Kazakhstan mined about 43-45% of the world's uranium in 2021-22 (World Nuclear "
                    "Association), but holds about 12-15% of known resources. 'The world's uranium' in the "
                    "article fits production, not what is in the ground.",
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
        prompt="The starting article says Tony Blair was paid $13 million. Using `uk` (uk_links.csv, the table of the "
               "lesson's optional section on the UK connections), explain why a reported figure for a consultancy "
               "fee is not the same as an established fact.",
        hints=["Look at every row whose `category` is 'consultancy_fee': who gives each figure, and how did they "
               "know?",
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


# ---------------------------------------------------------------------------------------------
# The lesson's own practice (notebooks/02_wealth.ipynb): other items than the exercises, other names.

def _min_wage_usd():
    return _wage(2022, "minimum") / _rate()


def _min_wage_usd_mistakes():
    return {_wage(2022, "minimum") * _rate(): "You multiplied by the rate. One dollar buys 433.69 tenge, so a sum "
                                              "in dollars is a much smaller number than the same sum in tenge.",
            _wage(2021, "minimum") / _rate(): "That is the minimum wage of 2021. It changed on 1 January 2022: use "
                                              "the 2022 figure."}


def _lpg_share_average():
    return _wage_share(wealth.price_on(fuel, "Mangystau Region", "2022-01-01"), 100, _wage(2022, "average"))


def _lpg_share_average_mistakes():
    price = wealth.price_on(fuel, "Mangystau Region", "2022-01-01")
    return {_wage_share(price, 100, _wage(2022, "minimum")): "That is the share of the minimum wage. Switch "
                                                             "'Compare with' to the average wage."}


MODEL_CENTRAL = (
    "It would mean that a small group holds more than half of everything people in Kazakhstan own. The lesson's "
    "figures cannot settle that. '162 people own half' is what President Tokayev said in January 2022, crediting "
    "KPMG; several outlets report the speech, but the study was not found, so we do not know how it counted. The "
    "starting article repeats the 162 without a source. Rich lists estimate only the largest fortunes: the 17 "
    "estimates of Forbes Kazakhstan's 2020 list add up to about $19.8bn, roughly 12% of that year's GDP (our "
    "calculation), but a fortune is a stock and GDP a yearly flow, and no list measures what everyone else owns. "
    "Income surveys show fairly low inequality (a Gini of about 0.3) yet miss the richest households. So the "
    "evidence shows very large fortunes at the top, not by itself that a few people own most of the wealth.")

# The shared four-level rubric of the teacher guide ("Marking written answers"), for this lesson's question.
RUBRIC_CENTRAL = [
    "Restates the claim or gives an opinion on it, without saying where any figure comes from.",
    "Names at least one figure with who gives it and when (Tokayev's 162 people, a rich-list estimate, a Gini), "
    "but treats it as settled.",
    "Names two or more figures with their sources and explains one reason they differ or cannot simply be "
    "compared (an estimate is not an audit; different lists or dates; income is not wealth; a stock is not a "
    "flow).",
    "As level 3, and says what the evidence cannot show (the study behind the 162 was not found, rich lists "
    "cover only the top, money held abroad), ending with a judgement attributed to the evidence ('according to "
    "…, but …').",
]

LESSON = QuestionSet("wealth_lesson", "The wealth figures: check your understanding", [
    ValueQuestion(
        name="p1",
        var="min_wage_usd",
        prompt="The minimum wage was 60,000 tenge a month from 1 January 2022. What is that in US dollars at the "
               "rate of 14 January 2022, to the nearest dollar?",
        expected=_min_wage_usd,
        abs_tol=0.5,
        mistakes=_min_wage_usd_mistakes,
        hints=["Do what the worked example did with 120 tenge.",
               "Tenge divided by tenge per dollar gives dollars: 60000 / rate."],
        solution_code="min_wage_usd = round(60000 / 433.69)",
        explanation="60,000 / 433.69 = 138.35: about $138 a month (our calculation).",
    ),
    ValueQuestion(
        name="p2",
        var="lpg_share_average",
        prompt="In the household explorer choose Mangystau Region, 100 litres, and compare with the average wage "
               "of 2022. At the price of 1 January 2022, what share of the average wage, in percent, did a month "
               "of LPG cost?",
        expected=_lpg_share_average,
        abs_tol=0.05,
        mistakes=_lpg_share_average_mistakes,
        hints=["Change the 'Compare with' menu, then read the row of 1 January 2022.",
               "Or by hand: 100 x price x litres / the average monthly wage of 2022."],
        solution_code="lpg_share_average = 3.9",
        explanation="12,000 tenge out of an average wage of about 309,000: 3.9%. Against the minimum wage the "
                    "same month of fuel is 20%.",
    ),
    WrittenQuestion(
        name="p3",
        var="central_answer",
        prompt="Your answer to the central question, in 100-150 words: the starting article says that a few very "
               "rich people own most of Kazakhstan's wealth, and President Tokayev said something similar. What "
               "would such a claim mean, and how far can the figures in this lesson tell us whether it is true? "
               "Use at least two figures from the lesson, each with who gives it and when, and say what each can "
               "and cannot show.",
        hints=["Start from the 162 people: who said it, when, and what is known about where it comes from?",
               "Then a rich-list figure and an income figure: what does each measure, and what does it miss?"],
        solution_code=f'central_answer = """{MODEL_CENTRAL}"""',
        model_answer=MODEL_CENTRAL,
        rubric=RUBRIC_CENTRAL,
        min_words=100,
    ),
])

p1, p2, p3 = LESSON

# What `from qantar.exercises.wealth import *` gives the exercise notebook; the lesson imports p1-p3 by name.
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "____", "QUESTIONS",
           "rich", "economy", "fuel", "uk", "ar", "wealth", "data"]
