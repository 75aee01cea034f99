"""Exercises of notebook 03, the international actors: exercises/teacher/03_international_actors.ipynb.

Auto-checked questions count and share out the reported troop figures, find the first statement of a
kind, group stances by actor type and read degrees in the ties network. Written questions compare two
framings of the deployment and weigh what interests explain. Every expected value is computed from the
data. ``LESSON`` holds the two practice questions of notebooks/03_international_actors.ipynb.
"""
from qantar import actors as tools
from qantar import data
from qantar.exercises.engine import QuestionSet, ValueQuestion, WrittenQuestion, ____  # noqa: F401

actors = data.load("actors")
statements = data.load("statements")
deployment = data.load("csto_deployment")
contingents = data.load("csto_contingents")
members = data.load("csto_members")
ties = data.load("ties")
network = tools.build_network(actors, ties, members, contingents)  # without the UK links layer


def _published_troops():
    return int(tools.latest_contingent_figures(deployment)["troops"].sum())


def _published_share():
    total = int(tools.deployed_total(deployment)["troops"])
    return round(_published_troops() / total * 100, 1)


def _unpublished():
    return deployment.loc[deployment["figure_kind"] == "not_published", "country"].astype(str).tolist()


def _first_foreign_plot():
    return tools.first_statement(statements, "frames_as_foreign_plot")["actor_id"]


def _first_foreign_plot_name():
    return actors.set_index("actor_id").loc[_first_foreign_plot(), "name"]


def _first_rights_date():
    return tools.first_statement(statements, "raises_rights_concerns")["date"]


def _supports_by_states():
    return int(tools.stance_counts(statements, actors).loc["supports_government", "state"])


def _rights_top_type():
    row = tools.stance_counts(statements, actors).loc["raises_rights_concerns"]
    return str(row.idxmax())


def _kazakhstan_degree():
    return int(network.degree("kazakhstan"))


def _isolated():
    return int(sum(1 for n in network.nodes if network.degree(n) == 0))


def _announced_total():
    rows = deployment[(deployment["country"] == tools.ALL) & (deployment["figure_kind"] == "announced")]
    return int(rows.sort_values("reported_on")["troops"].iloc[0])


def _restraint_actors():
    return int(statements.loc[statements["stance"] == "calls_for_restraint", "actor_id"].nunique())


QUESTIONS = QuestionSet("actors", "The international actors: exercises", [
    ValueQuestion(
        name="q1", var="published_troops",
        prompt="Only three national contingents have a published number. Taking the latest figure for each "
               "(a 'deployed' figure before an 'announced' one), how many soldiers did those three send in total?",
        expected=_published_troops,
        hints=["`tools.latest_contingent_figures(deployment)` gives one row per contingent that has a number. "
               "Look at it first: which countries are in it?",
               "Add up its `troops` column with `.sum()`; `int(...)` turns the result into an ordinary number."],
        solution_code='latest = tools.latest_contingent_figures(deployment)\n'
                      'published_troops = int(latest["troops"].sum())',
        explanation="Armenia's Defence Ministry gave 100 (an earlier Sputnik report said about 70), Kyrgyzstan's "
                    "parliament approved 150 and an unofficial source gave about 200 for Tajikistan. Adding them is "
                    "our calculation; one of the three numbers is unofficial and approximate.",
    ),
    ValueQuestion(
        name="q2", var="published_share_pct",
        prompt="What percentage of the deployed total (2,030, given by President Tokayev on 10 January and "
               "reported again when the withdrawal ended) do those three contingents make? Round to one decimal.",
        expected=_published_share, abs_tol=0.1,
        hints=["A share is a part divided by the whole, times 100.",
               "`tools.deployed_total(deployment)['troops']` is the whole; your answer to q1 is the part. "
               "Use `round(..., 1)`."],
        solution_code='total = int(tools.deployed_total(deployment)["troops"])\n'
                      'published_share_pct = round(published_troops / total * 100, 1)',
        explanation="About a fifth of the force. The rest, roughly four-fifths, came from Russia and Belarus, "
                    "which never published their numbers: that remainder is our calculation, not a reported figure.",
    ),
    ValueQuestion(
        name="q3", var="unpublished_countries",
        prompt="Which contingents have no published number at all? Give a list of country names as the "
               "deployment table spells them.",
        expected=_unpublished,
        hints=["The `figure_kind` column says when no number was given.",
               "Filter the rows where `figure_kind` is 'not_published', take the `country` column, then `.tolist()`."],
        solution_code='unpublished_countries = deployment.loc[deployment["figure_kind"] == "not_published", '
                      '"country"].astype(str).tolist()',
        explanation="Russia sent most of the force and Belarus a company of paratroopers, but neither government "
                    "published a headcount. Estimates printed before the deployment do not fit the total and are not "
                    "used in the kit.",
    ),
    ValueQuestion(
        name="q4", var="first_foreign_plot",
        prompt="Which actor made the earliest statement in the table coded 'frames_as_foreign_plot'? Give its "
               "actor_id.",
        expected=_first_foreign_plot, accept=[_first_foreign_plot_name()],
        hints=["Keep only the statements with that stance, then sort them by date.",
               "`statements[statements['stance'] == 'frames_as_foreign_plot'].sort_values('date')` and read "
               "the `actor_id` of the first row (`.iloc[0]`)."],
        solution_code='framed = statements[statements["stance"] == "frames_as_foreign_plot"].sort_values("date")\n'
                      'first_foreign_plot = framed["actor_id"].iloc[0]',
        explanation="President Tokayev, on 5 January, when he asked the CSTO for help against what he called "
                    "terrorist groups trained abroad. Outside leaders (Lukashenko, Putin, later Xi) took up the "
                    "framing afterwards. No evidence of a foreign force has been made public.",
    ),
    ValueQuestion(
        name="q5", var="first_rights_date",
        prompt="On what date does the first statement coded 'raises_rights_concerns' appear? Give the date as "
               "text, like '2022-01-31'.",
        expected=_first_rights_date,
        hints=["Same method as q4, with another stance.",
               "Sort the matching rows by date and take `['date'].iloc[0]`; "
               "`.strftime('%Y-%m-%d')` turns it into text."],
        solution_code='rights = statements[statements["stance"] == "raises_rights_concerns"].sort_values("date")\n'
                      'first_rights_date = rights["date"].iloc[0].strftime("%Y-%m-%d")',
        explanation="6 January: the UN High Commissioner for Human Rights, Michelle Bachelet, the day the first CSTO "
                    "troops landed. Rights concerns came first from international organisations; governments mostly "
                    "spoke of restraint.",
    ),
    ValueQuestion(
        name="q6", var="supports_by_states",
        prompt="Make the table of stances by actor type with `tools.stance_counts(statements, actors)`. How many "
               "statements coded 'supports_government' come from actors of type 'state'?",
        expected=_supports_by_states,
        hints=["Run `tools.stance_counts(statements, actors)` and look at the table: rows are stances, "
               "columns actor types.",
               "Pick one cell with `.loc[row, column]`."],
        solution_code='counts = tools.stance_counts(statements, actors)\n'
                      'supports_by_states = int(counts.loc["supports_government", "state"])',
        explanation="The same table can be built by hand: join statements to actors on actor_id, then "
                    "`pd.crosstab(stance, actor_type)`. Remember that the stance is the kit's coding of each "
                    "statement's main point, an interpretation.",
    ),
    ValueQuestion(
        name="q7", var="rights_top_type",
        prompt="Which actor type made the most statements coded 'raises_rights_concerns'? Give the actor type "
               "as the table spells it.",
        expected=_rights_top_type,
        hints=["Use the same table as in q6, but read across the 'raises_rights_concerns' row.",
               "Pick that row with `counts.loc[...]`; `.idxmax()` on a row names the column with the largest number."],
        solution_code='rights_top_type = counts.loc["raises_rights_concerns"].idxmax()',
        explanation="International organisations (the UN Secretary-General, the UN human rights office, the OSCE) "
                    "made most of them. Counting statements measures how often a concern was voiced in the kit's "
                    "selection, not how strongly it was felt.",
    ),
    ValueQuestion(
        name="q8", var="kazakhstan_degree",
        prompt="In the network of ties (`network`, built without the UK links), how many other actors is the "
               "Government of Kazakhstan (actor_id 'kazakhstan') directly tied to? This number is its degree.",
        expected=_kazakhstan_degree,
        hints=["networkx gives the degree of a node with `graph.degree(node)`.",
               "Put the actor_id in place of `node`, or find its row in `tools.degree_table(network)`."],
        solution_code='kazakhstan_degree = network.degree("kazakhstan")',
        explanation="Kazakhstan is at the centre because the kit collected the ties that involve it: trade, "
                    "investment, pipelines, alliances and the contingents sent to it. A network drawn from one "
                    "country's ties always puts that country in the middle.",
    ),
    ValueQuestion(
        name="q9", var="isolated_actors",
        prompt="How many actors in `network` have no tie at all in the kit's tables (degree 0)?",
        expected=_isolated,
        hints=["Count the nodes whose degree is 0.",
               "`tools.degree_table(network)` has a `degree` column: count the rows where it equals 0."],
        solution_code='degrees = tools.degree_table(network)\n'
                      'isolated_actors = int((degrees["degree"] == 0).sum())',
        explanation="The UN bodies and the United Kingdom have no tie in the ties table. That does not mean they "
                    "have no interests: the UK's links with the Kazakh elite are in the wealth theme's uk_links "
                    "table (tick 'UK links' in the actor explorer). A missing edge can be missing data.",
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

# The lesson notebook's two practice questions (not graded).
LESSON = QuestionSet("actors_lesson", "The international actors: check your understanding", [
    ValueQuestion(
        name="c1", var="announced_total",
        prompt="How many soldiers did the CSTO announce it would send, on 6 January?",
        expected=_announced_total,
        hints=["Look at the rows of `deployment` for 'All contingents' with figure_kind 'announced'.",
               "The number is in the `troops` column; its qualifier says it was approximate."],
        solution_code='announced = deployment[(deployment["country"] == "All contingents") '
                      '& (deployment["figure_kind"] == "announced")]\n'
                      'announced_total = int(announced["troops"].iloc[0])',
        explanation="About 2,500, according to Secretary-General Stanislav Zas; the force was later reported as 2,030.",
    ),
    ValueQuestion(
        name="c2", var="restraint_actors",
        prompt="How many different actors made at least one statement coded 'calls_for_restraint'?",
        expected=_restraint_actors,
        hints=["Filter the statements on that stance, then count the different values of `actor_id`.",
               "`.nunique()` counts different values."],
        solution_code='restraint_actors = statements.loc[statements["stance"] == "calls_for_restraint", '
                      '"actor_id"].nunique()',
        explanation="The calls for restraint came from Western governments and international organisations.",
    ),
])
c1, c2 = LESSON

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "c1", "c2", "____",
           "actors", "statements", "deployment", "contingents", "members", "ties", "network", "tools",
           "QUESTIONS", "LESSON"]
