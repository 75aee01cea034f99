"""Suggested answers for the teacher: each "Look closer" prompt of the lessons and each discussion prompt of
exercises/TEACHER_GUIDE.md, keyed by the prompt's opening words (the pack finds the prompt itself in the
notebook or the guide, so a prompt reworded there shows up as missing here: tests/test_handouts.py).

Written in the kit's voice: figures with who gives them, judgements attributed, "the sources do not settle
this" where they do not. Each figure comes from the lesson or its datasets. Short: a starting point for a
teacher who is not a specialist, not a model essay.
"""

LOOK_CLOSER = {
    ("00", "ten years passed"): (
        "Residents had seen a long strike end in shooting in December 2011; the Prosecutor General's Office counted "
        "15 deaths (January 2012) and a court in Aktau convicted 34 of 37 defendants (June 2012). People may have "
        "expected the state to answer with force again, or been angrier for it; the authorities may have wanted to "
        "avoid a repeat in the same town. To know, we would need what people in Zhanaozen and officials said at "
        "the time about 2011: the kit's tables do not hold such statements."),
    ("00", "which countries does Kazakhstan border"): (
        "The map's neighbours: Russia to the north and west, China to the east, Kyrgyzstan, Uzbekistan and "
        "Turkmenistan to the south, and the Caspian Sea to the west. Oral lies near Russia, Almaty near Kyrgyzstan "
        "and China, Shymkent near Uzbekistan. Zhanaozen and Aktau are about 2,000 km from Almaty in a straight line "
        "(our calculation from the coordinates in cities.csv): news crossed the country in hours by phone and "
        "social media, but troops needed aircraft, which is why the CSTO's first units were flown in."),
    ("01", "The death toll of 16 December 2011"): (
        "Officials count what their own bodies recorded and decide whom to include (one town or two, deaths in "
        "hospital later); rights groups and residents rely on witnesses, families and hospitals and may count "
        "people officials leave out. Each side may also have reasons to count high or low. Quote a figure with "
        "its author and date: \"15 deaths, according to the Prosecutor General's Office (January 2012); rights "
        "groups give other figures\", and say who calls it a massacre."),
    ("01", "For five cities"): (
        "The map shows those five as first reached on 4 January, but the sources only say \"by\" 4 January: "
        "protests there may have started earlier. The map cannot show how big a protest was, how long it lasted, "
        "or anything in a town that is not in the kit's table or that no source the kit uses reported. An empty "
        "place on the map means \"no report in the kit\", not \"nothing happened\"."),
    ("01", "Which demands are about the price of gas"): (
        "In the table \"In their own words\", the gas price (with corruption, unemployment and low pay, at the "
        "rallies of 4 January) is the economic side; the rest is about who governs: chants and placards against "
        "Nazarbayev, and activists' demands for a change of regime, elected akims and a return to the constitution "
        "of 1993 (one report). Placards against Nazarbayev on 2 January suggest that older grievances about power "
        "were there from the start, which may help explain the speed of the spread. One photograph shows one "
        "placard at one moment: not how many shared it, who made it, or whether it was typical."),
    ("01", "Which of the state's measures came before"): (
        "By the times in the kit's rows for 5 January: the state of emergency in Almaty (from about 01:30-02:00) "
        "and Mangystau, the government's resignation (early in the day) and the state of emergency in Almaty "
        "Region (12:30) came before the burning of buildings in Almaty that afternoon; the nationwide internet "
        "shutdown (about 16:30-17:00), the capital's emergency (16:00) and the president's evening address came "
        "around or after it. The order shows the state was acting before the worst violence; it cannot prove why "
        "anyone acted, or who turned the protests violent."),
    ("01", "Why is the independent list of 188"): (
        "The list of 188 (Azattyq's list of named victims, cited by a joint NGO statement of July 2022) counts "
        "only people its authors could name; the foundation Ar.Rukh.Khak's 221 counts people it identified. Both "
        "are incomplete by design, so being lower does not show the official 238 is too high. To judge, we would "
        "need the official list of names, the rule for who counts (security forces, deaths in custody, dates), "
        "and a check of each name."),
    ("01", "The authorities have called January 2022"): (
        "Rows such as the trials, the amnesty or the renaming of the capital are facts about what was done; rows "
        "that report \"an attempted coup\" or \"an attempt to seize power\" are facts about what officials said, "
        "not evidence that it happened. Students should sort each row by its verb: did something happen, or did "
        "someone say something happened? The kit leaves the coup claim open: according to rights groups and "
        "independent journalists, the evidence for it has not been made public."),
    ("02", "Tokayev's claim is marked"): (
        "What is confirmed is that he said it: several outlets report the speech. The figure itself rests on a "
        "KPMG study the kit's researchers did not find, so its year, method and definition of wealth are unknown. "
        "A sentence that keeps both apart: \"Tokayev said in January 2022 that 162 people own half the country's "
        "wealth, citing KPMG; the study has not been published.\""),
    ("02", "Vyacheslav Kim and Mikhail Lomtadze"): (
        "A real-time estimate follows the share price of the company the person owns, day by day; Kaspi.kz's "
        "shares fell during the unrest, so the estimates fell with them. An annual list takes one date and its "
        "own method. Comparing a real-time figure of one day with an annual list compares two different measures "
        "at two different moments: say whose estimate, which kind and which date."),
    ("02", "a fortune is a *stock*"): (
        "Years of the minimum wage is often the most telling for a student, because it is a life they can "
        "picture. \"A share of GDP\" can mislead: it compares what someone owns at one moment with what the whole "
        "country produces in a year, and the fortune is not taken out of GDP. Any answer is good if it says which "
        "comparison, whose estimate, and the year of the wage or GDP used."),
    ("02", "Tokayev also said that half the population"): (
        "Both can be right. Income per person counts children, pensioners and people without a job, so half the "
        "population can be at or below 50,000 tenge a month while the average wage of people in work is about "
        "250,000 (the lesson's calculation from official figures). An average is also pulled up by a few high "
        "earners; the median would be lower."),
    ("02", "the price doubled"): (
        "Next to the average wage, a month of LPG looks small; next to the minimum wage it is a real share, and in "
        "Mangystau many people drive for a living (taxi and delivery) on LPG. A price that doubles overnight also "
        "signals that decisions are made far away without asking, and costs spread to food and transport. The "
        "sources do not tell us how each household felt: this is a reasoned hypothesis, not a finding."),
    ("02", "why does the chart use a logarithmic scale"): (
        "The figures range from thousands to hundreds of millions of pounds; on an ordinary scale the small ones "
        "would be invisible. Adding the bars would mix different things (property prices, fees, frozen assets) "
        "and different years. Repeat a fee only as reported: \"according to reports in the British press, Tony "
        "Blair's firm was paid up to $13 million a year; the figure was never confirmed\"."),
    ("02", "why would adding the 2022, 2023 and 2025"): (
        "The totals are official claims announced at different dates, and a later total may include the earlier "
        "one: adding them counts the same money twice. To say how much was returned we would need a list of assets "
        "with their values and dates, what was actually transferred to the state (not only frozen or promised), "
        "and a check independent of the authorities."),
    ("03", "find the two markers for Armenia"): (
        "Sputnik reported about 70 soldiers before the unit left (6 January); the Armenian Defence Ministry gave "
        "100 deployed the next day. Use the later figure of the body that sent them. The kit keeps 3,600, a "
        "misreading of the size of the CSTO's standing force, because it shows how a wrong figure travels: a "
        "retracted or mistaken figure is still evidence of what was said."),
    ("03", "the officials' account is that the force guarded"): (
        "Facts, as far as the sources show: the force was at sites such as an airport and power plants, and no "
        "report has been found of CSTO soldiers using force or of tanks. Official claims: that it took no part in "
        "operations, and Russia's defence minister's figure of about 1,600 Kazakh personnel freed. Interpretations: "
        "that this \"freed\" forces for the crackdown (critics) or was a neutral guard duty (officials)."),
    ("03", "which stances come in the first three days"): (
        "In the kit's coding, the first days bring the Kazakh government's and its allies' statements (support, "
        "and the foreign-plot framing from Kazakh, Russian and Belarusian officials) and calls for restraint from "
        "Western governments and international bodies; rights concerns come mostly from the EU, the US, the UN and "
        "rights groups. Students should check the rows themselves. The protesters are missing because the "
        "statements table records states, alliances and officials: a choice of the data, not of history."),
    ("03", "the Government of Kazakhstan sits in the middle"): (
        "Mostly about how the ties were collected: the kit gathered ties that concern Kazakhstan, so Kazakhstan is "
        "tied to almost everyone. Actors with no tie have interests too; the kit simply holds no row for them. A "
        "network drawn from a table shows the table's choices as much as the world."),
    ("03", "for each row, ask three questions"): (
        "For instance, in the kit's paraphrases the Russian and Kazakh leaders present the violence as caused by "
        "trained outside fighters and a coup attempt, and offer no public evidence in the statement; Western "
        "speakers speak of rights and restraint and say little about the state's account. Position matters: an "
        "ally that sent troops has reasons to call the danger grave; a rival has reasons to question the "
        "invitation. Position may explain a framing; it does not show the framing is false."),
    ("04", "each document had readers"): (
        "The article was for the CWI's own readers and sympathisers, to explain the events and ask for support "
        "(it ends with a donation appeal). Putin's speech was for the CSTO leaders and for Russian and foreign "
        "audiences, to justify the deployment. Each is good evidence of what its author argued and wanted readers "
        "to think; for what happened on the ground, each needs corroboration."),
    ("04", "the first part mixes reporting"): (
        "A report first gives the reader facts to agree with before the programme asks them to act: a common "
        "order in political writing. The report's facts do not become less reliable because of the programme, "
        "but they are chosen and worded to lead there, so check each against other sources, as the kit's "
        "verdicts do."),
    ("04", "two of the five quotations"): (
        "A judgement can sit in an image or a hint rather than a single word, so a word list misses it. Students "
        "should read for what a sentence asks the listener to picture or to fear, on every side."),
    ("04", "by the kit's checks, most of the article's"): (
        "Both go beyond the evidence in opposite directions: the government has not shown how it counted 20,000 "
        "attackers, and the article calls the figure \"clearly false\" without evidence that it is false. The "
        "careful sentence is: \"no evidence for the figure has been published\", which is weaker than \"the "
        "figure is false\"."),
}

DISCUSSION = {
    ("1", "Which demands were about the price of gas"): (
        "As for the lesson's \"Look closer\": the gas price beside demands about power (against Nazarbayev, for "
        "elected akims and a change of regime). A photograph or a report shows one moment in one "
        "place; how widely a demand was shared needs many independent reports."),
    ("1", "Which of the state's measures came before the violence"): (
        "See the suggested answer to the lesson's prompt on 5 January: emergency decrees and the government's "
        "resignation came first; the internet shutdown and the capital's emergency came around or after the "
        "afternoon violence in Almaty. Order is not cause."),
    ("1", "Which account of the president's first address"): (
        "The kit dates the first address to the evening of 4 January, on reports published that night (TASS "
        "among them) that do not depend on each other; accounts written later that say 5 January weigh less. "
        "Accept any answer that reasons from who wrote when and what they could know."),
    ("1", "A death toll was published and then withdrawn"): (
        "The withdrawn 164 (a government Telegram channel, 9 January) is evidence of what was said and repeated at "
        "the time. \"238 people died\" states a fact as settled; \"238 deaths, according to the Prosecutor "
        "General's Office (2022)\" says who counted and when, and leaves room for other counts."),
    ("2", "A fortune \"worth\" many millions"): (
        "It shows scale in a form a student can picture. It hides that a fortune is a stock and a wage a flow, "
        "that the figure is someone's estimate (whose, and which date), before tax, and mostly shares and property "
        "rather than cash."),
    ("2", "The same deployment was described"): (
        "In the kit's statements: a \"peacekeeping\" mission against terrorists or a foreign-backed coup "
        "(Kazakhstan, Russia, the CSTO), and an intervention to watch or to question (the US, some Western "
        "officials). Each framing asks the listener to accept a cause of the violence; none brings public "
        "evidence in the statement itself."),
    ("2", "An actor's interests"): (
        "We would need evidence that the interest shaped the decision: documents, timing, or the actor saying so. "
        "An interest makes a motive plausible; without such evidence it stays a hypothesis."),
    ("3", "The article and the president's address disagree"): (
        "The president (5 and 7 January, in the kit's statements) called the attackers terrorist groups trained "
        "abroad, criminals and murderers, and gave no public evidence in those statements; the article presents "
        "workers and young people united against the ruling elite, from press reports and one unnamed interviewee. Checkable: dates, places, figures, the decrees. Hard to check: "
        "motives and who organised the violence."),
    ("3", "A figure appears in three documents"): (
        "Use `reading.first_to_give` and the figures chart: the 20,000 first appears in the president's words; "
        "the other documents repeat or dispute it. Repetition does not make a figure stronger unless a repeater "
        "checked it independently."),
    ("3", "Is a partisan source useless?"): (
        "No: it is good evidence of what its authors believed, wanted and how they argued, and it can report facts "
        "that others confirm. It is weak evidence for motives and numbers it cannot check. The same holds for an "
        "official speech: good evidence of the government's position, weak evidence for what it asserts without "
        "proof."),
}
