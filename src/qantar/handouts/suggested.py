"""Suggested answers for the teacher: each "Look closer" prompt of the lessons and each discussion prompt of
exercises/TEACHER_GUIDE.md, keyed by the prompt's opening words (the pack finds the prompt itself in the
notebook or the guide, so a prompt reworded there shows up as missing here: tests/test_handouts.py).

Written in the kit's voice: figures with who gives them, judgements attributed, "the sources do not settle
this" where they do not. Each figure comes from the lesson or its datasets. Short: a starting point for a
teacher who is not a specialist, not a model essay.
"""

LOOK_CLOSER = {
    ("00", "ten years passed"): (
        "In Zhanaozen an oil workers' strike that began in May 2011 ended on 16 December 2011 when police opened "
        "fire; the Prosecutor General's Office counted 15 killed (January 2012) and a court in Aktau convicted 34 "
        "of 37 defendants (June 2012). People may have expected the state to answer with force again, or been "
        "angrier for it; the authorities may have wanted to avoid a repeat in the same town. To know, we would "
        "need what people in Zhanaozen and officials said at the time about 2011: the kit's tables do not hold "
        "such statements."),
    ("00", "which countries does Kazakhstan border"): (
        "The map's neighbours: Russia to the north and west, China to the east, Kyrgyzstan, Uzbekistan and "
        "Turkmenistan to the south, and the Caspian Sea to the west. Oral lies near Russia, Almaty near Kyrgyzstan "
        "(China is a few hundred kilometres further east), Shymkent near Uzbekistan. Almaty is about 1,900 km from "
        "Zhanaozen and 2,100 km from Aktau in a straight line (our calculation from the coordinates in cities.csv). "
        "News could travel by phone and internet, but mobile internet and messaging apps were disrupted from the "
        "evening of 4 January and the internet went almost dark on 5 January (NetBlocks); the first CSTO troops, "
        "Russian airborne units, were flown to Almaty from 6 January."),
    ("01", "The death toll of 16 December 2011"): (
        "Officials decide whom to include: Zhanaozen alone or with Shetpe, deaths they called \"not linked\", a "
        "death in custody; witnesses and journalists may count people officials leave out. Each side may also "
        "have reasons to count high or low. Quote a figure with its author and date: \"15 killed, according to "
        "the Prosecutor General's Office (January 2012); official totals of 16-17 add other deaths, and witnesses "
        "told a journalist of 64 bodies in the morgue\", and say who calls it a massacre (rights groups and some "
        "media)."),
    ("01", "For five cities"): (
        "The map shows those five as first reached on 4 January, but the sources only say \"by\" 4 January: "
        "protests there may have started earlier. The map cannot show how big a protest was, how long it lasted, "
        "or anything in a town that is not in the kit's table or that no source the kit uses reported. An empty "
        "place on the map means \"no report in the kit\", not \"nothing happened\"."),
    ("01", "Which demands are about the price of gas"): (
        "In the table \"In their own words\", the gas price (with corruption, unemployment and low pay, at the "
        "rallies of 4 January) is the economic side; the rest is about who governs: chants and placards against "
        "Nazarbayev, and Zhanaozen activists' demands for a change of regime, elected akims and a return to the "
        "constitution of 1993 (one report). Placards against Nazarbayev on 2 January (a photo caption) show that "
        "some protesters raised questions of power from the first day; whether older grievances help explain the "
        "speed of the spread is a hypothesis the kit's sources do not settle. One photograph shows some placards "
        "at one moment: not how many shared them, who made them, or whether they were typical."),
    ("01", "Which of the state's measures came before"): (
        "Police had already used stun grenades and tear gas against crowds in Almaty on the evening of 4 January. "
        "By the times in the kit's rows for 5 January: the state of emergency in Almaty city and Mangystau (01:30 "
        "in the decree, \"about 2 a.m.\" according to the president's spokesman), the government's resignation "
        "(early in the day) and the emergency in Almaty Region (12:30) came before the fires in Almaty that "
        "afternoon (the president's residence about 16:37); messaging apps had been disrupted since the evening of "
        "4 January. The capital's emergency (16:00) and the near-total internet shutdown (about 16:30-17:00) came "
        "around the same time; the president's evening address, his request to the CSTO and the nationwide "
        "emergency decrees (published overnight) came after. The order shows the state acting after the first "
        "clashes of 4 January, and before and during the violence of 5 January; it cannot prove why anyone acted, or who turned the protests violent."),
    ("01", "Why is the independent list of 188"): (
        "The list of 188 (Azattyq's list of named victims) and the foundation Ar.Rukh.Khak's 221 (people it "
        "identified), both cited in a joint NGO statement of 29 July 2022, count only people their authors could "
        "name or identify. Both are incomplete lists, so being lower does not show that the official 238 "
        "(Prosecutor General's Office, August 2022) is too high. To judge, we would need the official list of "
        "names, the rule for who counts (security forces, deaths in custody, dates), and a check of each name."),
    ("01", "The authorities have called January 2022"): (
        "Rows such as the referendum, the renaming of the capital, the amnesty or Masimov's sentence are facts "
        "about what was done (the sentence came after a closed trial, so it does not show what he did). The rows "
        "in which the Prosecutor General gives a death toll, or calls the events an attempt to seize power "
        "(January 2023), are facts about what an official said, not evidence that it happened. Students should "
        "sort each row by its verb: did something happen, or did someone say something happened? The kit leaves "
        "the coup claim open: no public evidence for it has been presented, and rights groups and independent "
        "journalists ask for an independent investigation."),
    ("02", "Tokayev's claim is marked"): (
        "What is confirmed is that he said it: several outlets report the speech. The figure itself rests on a "
        "KPMG study the kit's researchers did not find, so its method and definition of wealth are unknown, and "
        "its year (2019) rests on one outlet. A sentence that keeps both apart: \"Tokayev said in January 2022, "
        "citing international experts and KPMG, that 162 people own half the country's wealth; the study itself "
        "could not be found.\""),
    ("02", "Vyacheslav Kim and Mikhail Lomtadze"): (
        "A real-time estimate follows the share price of the company whose shares the person holds, day by day; "
        "according to Forbes (one report in the kit), Kaspi.kz's shares fell during the unrest and its estimates "
        "fell with them. An annual list takes one "
        "date and its own method. Comparing a real-time figure of one day with an annual list compares two "
        "different measures at two different moments: say whose estimate, which kind and which date."),
    ("02", "a fortune is a *stock*"): (
        "Years of the minimum wage may be the most telling for a student, because it is a life they can picture. "
        "\"A share of GDP\" can mislead: it compares what someone owns at one moment with what the whole country "
        "produces in a year, and the fortune is not taken out of GDP. Any answer is good if it says which "
        "comparison, whose estimate, and the year of the wage or GDP used."),
    ("02", "Tokayev also said that half the population"): (
        "Both can be right. Tokayev's 50,000 tenge is income per person, which counts children, pensioners and "
        "people without a job; the average wage of about 250,000 tenge a month in 2021 (our calculation from the "
        "four quarterly figures in economy.csv) counts only people in work. An average is also pulled up by a few "
        "high earners: the kit's one median (one source), 196,728 tenge for the second quarter of 2022, is well below that "
        "quarter's average of 312,011."),
    ("02", "the price doubled"): (
        "Next to the average wage, a month of LPG looks small; next to the minimum wage it is a larger share. For "
        "anyone who drives for a living, such as a taxi or delivery driver, fuel is a cost of work; the kit's data "
        "do not say how many such drivers there were in Mangystau. A price that doubles overnight may also have "
        "been read as a decision taken far away without asking, and may have been expected to raise other prices. "
        "The sources do not tell us how each household felt: these are reasoned hypotheses, not findings."),
    ("02", "why does the chart use a logarithmic scale"): (
        "The values in pounds run from about £166,000 to £600 million; on an ordinary scale the small ones would "
        "be invisible. Adding the bars would mix different kinds of number (sale prices, estimates of property and "
        "assets, fees, legal costs), different years, and estimates that overlap. Repeat a fee only as reported: "
        "\"the Financial Times (October 2011) linked the deal to about $13m and the Sunday Telegraph to as much as "
        "£8m a year; the fee was never disclosed, and Blair's office denied the figures\"."),
    ("02", "why would adding the 2022, 2023 and 2025"): (
        "The totals are official claims announced at different dates, and each later cumulative total already "
        "includes the earlier ones: adding them counts the same money twice. To say how much was returned we would "
        "need a list of assets with their values and dates, what was actually transferred to the state (not only "
        "frozen or promised), and a check independent of the authorities."),
    ("03", "find the two markers for Armenia"): (
        "Sputnik reported about 70 soldiers before the unit left (6 January); the Armenian Defence Ministry gave "
        "100 deployed the next day. Use the later figure of the body that sent them. The kit keeps 3,600, which "
        "RFE/RL's Armenian Service gave as the deployment on 7 January, although the CSTO Secretary-General gives "
        "it as the size of the CSTO's whole standing peacekeeping force, because it shows how a wrong figure "
        "travels: a mistaken figure is still evidence of what was said."),
    ("03", "the officials' account is that the force guarded"): (
        "Facts, as far as the sources show: the contingents were reported at sites such as Almaty airport, a "
        "power plant, a bread factory and an airfield, and no report has been found of CSTO soldiers using force "
        "or of tanks. Official claims: that the force took no part in operations, and Russian Defence Minister "
        "Sergei Shoigu's figure (13 January, one source in the kit) of about 1,600 Kazakh personnel freed for other "
        "tasks. Interpretation, which the sources leave open: whether freeing them helped the security operation, "
        "or the force did guard duty only, as officials said."),
    ("03", "which stances come in the first three days"): (
        "In the kit's coding for 5-7 January: support for the Kazakh government (Uzbekistan, Kyrgyzstan, China) and "
        "the foreign-plot framing from President Tokayev and from Belarus; calls for restraint from the US, the "
        "UK and the UN Secretary-General; rights concerns from the US, the UN Secretary-General and the UN human "
        "rights office; questions about the Russian-led force from the US, the EU and opposition voices in "
        "Belarus and Armenia. Russia's foreign-plot framing in the table comes later, on 10 January. Students "
        "should check the rows themselves. The "
        "protesters are missing because the statements table records mostly governments, alliances and "
        "international bodies, with a few opposition figures abroad: a choice of the data, not of history."),
    ("03", "the Government of Kazakhstan sits in the middle"): (
        "Mostly about how the ties were collected: the kit gathered ties that concern Kazakhstan, so Kazakhstan is "
        "tied to almost everyone. Actors with no tie may have interests too; the kit simply holds no row for them. "
        "A network drawn from a table shows the table's choices as much as the world."),
    ("03", "for each row, ask three questions"): (
        "For instance, in the kit's paraphrases President Tokayev presents the violence as the work of attackers "
        "trained abroad and, later, an attempted coup, and President Putin as aggression by forces at home and "
        "abroad; neither offers public evidence in the statement. Western speakers ask for restraint and rights "
        "and question the call for outside troops, without taking a position on who attacked. Position may "
        "matter: an ally that sent troops may have reasons to call the danger grave, a rival reasons to question "
        "the invitation. Position may explain a framing; it does not show the framing is false."),
    ("04", "each document had readers"): (
        "In the kit's reading, the article was for the members and supporters of a socialist organisation, mostly "
        "outside Kazakhstan, to interpret the events, argue for its programme and raise money (it ends with a "
        "donation appeal). Putin's speech at the CSTO summit of 10 January was for the alliance's leaders, the "
        "media and Western governments, to justify Russia's military role and warn against \"colour "
        "revolutions\". Each is good evidence of what its author argued and wanted readers to think; for what "
        "happened on the ground, each needs corroboration."),
    ("04", "the first part mixes reporting"): (
        "One possible reason: readers who first accept the facts of a report may be readier to accept the "
        "programme that follows. The report's facts do not become less reliable because of the programme, but "
        "in the kit's reading they are chosen and worded to lead there, so check each against other sources, as the kit's verdicts "
        "do."),
    ("04", "two of the five quotations"): (
        "A judgement can sit in an image or a hint rather than a single word, so a word list misses it. Students "
        "should read for what a sentence asks the listener to picture or to fear, on every side."),
    ("04", "by the kit's checks, most of the article's"): (
        "Both go beyond the evidence, in opposite directions: Tokayev (7 January) and the Prosecutor General's "
        "Office (15 January) gave the 20,000 without publishing how it was counted, and the article calls it "
        "\"clearly false\" without evidence that it is false (it also says the 20,000 came from abroad, where "
        "Tokayev spoke of local and foreign attackers). The careful sentence is: \"no evidence for the figure has "
        "been published\", which is weaker than \"the figure is false\"."),
}

DISCUSSION = {
    ("1", "Which demands were about the price of gas"): (
        "As for the lesson's \"Look closer\": the gas price beside demands about power (chants and placards "
        "against Nazarbayev; Zhanaozen activists' demands for elected akims and a change of regime, one report). "
        "A photograph or a report shows one moment in one place; how widely a demand was shared needs many "
        "independent reports."),
    ("1", "Which of the state's measures came before the violence"): (
        "See the suggested answer to the lesson's prompt on 5 January: after the clashes in Almaty on the evening of "
        "4 January, the first emergency decrees and the government's resignation came before the afternoon "
        "violence of 5 January; the capital's emergency and the near-total internet shutdown came around the "
        "time of the afternoon violence in Almaty, and the president's evening address after it. Order is not "
        "cause."),
    ("1", "Which account of the president's first address"): (
        "The kit dates the first address to late on 4 January: two reports of that night that do not depend on "
        "each other (TASS and Azattyq) agree, and TASS on 5 January called that evening's speech the second. The "
        "5 January date comes from the president's spokesman, Berik Uali, speaking days later (9 January), so it "
        "weighs less. Accept any answer that reasons from who wrote when and what they could know."),
    ("1", "A death toll was published and then withdrawn"): (
        "The 164 (posted on a government-run Telegram channel on 9 January, withdrawn about 10 January as a "
        "\"technical error\") is evidence of what was said and repeated at the time. \"238 people died\" states a "
        "fact as settled; \"238 deaths, according to the Prosecutor General's Office (August 2022)\" says who "
        "counted and when, and leaves room for other counts."),
    ("2", "A fortune \"worth\" many millions"): (
        "It shows scale in a form a student can picture. It hides that a fortune is a stock and a wage a flow, "
        "that the wage is before tax, and that the fortune is someone's estimate (whose, and which date), mostly "
        "of shares and property rather than cash."),
    ("2", "The same deployment was described"): (
        "In the kit's statements: help against terrorist groups trained abroad (Tokayev), a mission answering a "
        "threat partly caused by outside interference (the CSTO's chair, Armenian Prime Minister Nikol Pashinyan), "
        "a stand against \"colour revolution\" scenarios (Putin); and an invitation whose legitimacy and need were "
        "questioned (the White House and Secretary of State Antony Blinken), or that recalled \"situations to be "
        "avoided\" (the EU's Josep Borrell). Each framing asks the listener to accept an account of the cause; "
        "none brings public evidence in the statement itself."),
    ("2", "An actor's interests"): (
        "We would need evidence that the interest shaped the decision: documents, timing, or the actor saying so. "
        "An interest makes a motive plausible; without such evidence it stays a hypothesis."),
    ("3", "The article and the president's address disagree"): (
        "The president (5 and 7 January, in the kit's statements) called the attackers terrorist groups trained "
        "abroad, criminals and murderers, and gave no public evidence in those statements; the article presents "
        "workers and young people united against the country's rulers, citing unnamed reports and one unnamed "
        "interviewee. Checkable: dates, places, figures, the decrees. Hard to check: motives and who organised "
        "the violence."),
    ("3", "A figure appears in three documents"): (
        "Use `reading.first_to_give` and the figures chart: the 20,000 first appears in the president's words "
        "(7 January); the Prosecutor General's Office repeated \"more than 20,000\" (15 January) without a "
        "breakdown, and the article disputes it. Repetition does not make a figure stronger unless a repeater "
        "checked it independently."),
    ("3", "Is a partisan source useless?"): (
        "No: it is good evidence of what its authors believed, wanted and how they argued, and it can report facts "
        "that others confirm. It is weak evidence for motives and numbers it cannot check. The same holds for an "
        "official speech: good evidence of the government's position, weak evidence for what it asserts without "
        "proof."),
}
