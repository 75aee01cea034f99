"""`qantar report`: the class report page, built from small gradebooks and answers files in the agreed
formats (with and without student_id and flags, with and without an answers file). The page must carry
both charts with their one-sentence descriptions, the right counts, the commonest wrong answers in order,
who has not handed in, the flags, and nothing a student typed as live HTML; it must load nothing from
elsewhere. tests/browser/test_browser.py opens it in Chromium."""
import csv
import re

import pytest

from qantar import cli
from qantar.grading import report
from qantar.grading.gradebook import read_gradebook

COLUMNS = ["student", "student_id", "file", "exercise_set", "status", "q1", "q2", "q3", "q4", "score", "total",
           "notes", "flags"]
OLD_COLUMNS = ["student", "file", "exercise_set", "status", "q1", "q2", "q3", "q4", "score", "total", "notes"]
ANSWER_COLUMNS = ["student", "student_id", "file", "question", "kind", "status", "answer"]
KINDS = {"q1": "value", "q2": "choice", "q3": "function", "q4": "written"}
EVIL = "<img src=x onerror=alert(1)>"
# student: (q1, q2, q3, q4 statuses, q1 answer, q2 answer, status, flags)
CLASS = {
    "Aliya Nurlanovna": ("correct", "correct", "correct", "answered", "", "", "ok", ""),
    "Ben Jones": ("incorrect", "correct", "incorrect", "answered", "10000", "", "ok", ""),
    "Cara Smith": ("incorrect", "incorrect", "correct", "not attempted", "Astana", "<script>alert(1)</script>", "ok",
                   "same auto-checked answers as Ben Jones"),
    EVIL: ("incorrect", "not attempted", "error", "answered", "Astana", "", "ok", f"written answer close to {EVIL}'s"),
    "Dana": ("", "", "", "", "", "", "kernel died", ""),
}


def build(folder, columns=COLUMNS, answers=True, name="gradebook.csv"):
    rows, given = [], []
    for i, (student, (q1, q2, q3, q4, a1, a2, status, flags)) in enumerate(CLASS.items()):
        score = "" if status != "ok" else sum(s == "correct" for s in (q1, q2, q3))
        rows.append({"student": student, "student_id": str(4410 + i), "file": f"s{i}.ipynb",
                     "exercise_set": "classroom", "status": status, "q1": q1, "q2": q2, "q3": q3, "q4": q4,
                     "score": score, "total": 3, "notes": "a cell stopped Python" if status != "ok" else "",
                     "flags": flags})
        for question, state, answer in (("q1", q1, a1), ("q2", q2, a2), ("q3", q3, ""), ("q4", q4, "")):
            if state:
                given.append({"student": student, "student_id": str(4410 + i), "file": f"s{i}.ipynb",
                              "question": question, "kind": KINDS[question], "status": state, "answer": answer})
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    if answers:
        with open(path.with_name(path.stem + ".answers.csv"), "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=ANSWER_COLUMNS)
            writer.writeheader()
            writer.writerows(given)
    return path


@pytest.fixture
def page(tmp_path):
    book = build(tmp_path)
    roster = tmp_path / "class.csv"
    roster.write_text("First name,Last name,Email address\nAliya,Nurlanovna,a@school.kz\nBen,Jones,b@school.kz\n"
                      "Cara,Smith,c@school.kz\nErlan,Abenov,e@school.kz\n", encoding="utf-8")
    result = report.write_report(book, roster=roster)
    return result, result.path.read_text(encoding="utf-8")


def section(text, heading):
    start = text.index(f"<h2>{heading}</h2>")
    end = text.find("<h2>", start + 1)
    return text[start:end if end > 0 else None]


def test_the_page_has_both_charts_each_with_its_description_under_it(page):
    result, text = page
    assert result.path.name == "gradebook.html"
    figures = re.findall(r"<figure>(.*?)</figure>", text, re.S)
    assert len(figures) == 2
    for figure in figures:
        label = re.search(r'<svg role="img" aria-labelledby="([\w-]+)"', figure).group(1)
        caption = re.search(rf'<figcaption id="{label}"><i>Figure:</i> (.*?)</figcaption>', figure).group(1)
        assert caption.endswith(".") and caption.count(". ") == 0  # one sentence
    assert "fewest right: q1 (1 of 4), most right: q2 (2 of 4)" in figures[0]
    assert "How many of the 4 students with a score have each score out of 3: from 0 to 3" in figures[1]


def test_question_counts_are_of_the_notebooks_that_ran(page):
    _, text = page
    hard = section(text, "Which questions the class found hard")
    rows = re.findall(r"<tr><td>(q\d)</td><td>[^<]*</td><td class=num>(\d+)</td><td class=num>(\d+)</td>"
                      r"<td class=num>(\d+)</td></tr>", hard)
    assert rows == [("q1", "1", "3", "0"), ("q2", "2", "1", "1"), ("q3", "2", "2", "0")]  # q4 is written


def test_commonest_wrong_answers_most_common_first_and_escaped(page):
    _, text = page
    wrong = section(text, "The commonest wrong answers")
    assert re.findall(r"<li><q>(.*?)</q>: (\d+) students?</li>", wrong) == [
        ("Astana", "2"), ("10000", "1"), ("&lt;script&gt;alert(1)&lt;/script&gt;", "1")]
    assert "<h3>q3" not in wrong  # a function question has no answer text to show


def test_nothing_a_student_typed_is_live_html_and_nothing_is_loaded_from_elsewhere(page):
    _, text = page
    assert "<script" not in text and "<img" not in text and "onerror=alert" not in text.replace(
        "onerror=alert(1)&gt;", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in section(text, "Flags to look at")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", text)


def test_who_has_not_handed_in_comes_from_the_class_list(page):
    _, text = page
    missing = section(text, "Who has not handed in")
    assert "<p>1 of the 4 students on the class list.</p>\n<ul><li>Erlan Abenov</li></ul>" in missing
    assert "not on the class list" in missing and "Dana" in missing
    assert "Dana</td><td>s4.ipynb</td><td>kernel died" in section(text, "Notebooks that did not run to the end")


def test_flags_are_listed_as_things_to_look_at(page):
    _, text = page
    flags = section(text, "Flags to look at")
    assert "<tr><td>Cara Smith</td><td>same auto-checked answers as Ben Jones</td></tr>" in flags
    assert "it is not a finding" in flags


def test_marked_written_answers_show_their_average_level(tmp_path):
    book = build(tmp_path)
    text = book.read_text(encoding="utf-8").replace("answered,1,3", "answered; level 3 of 4: 0.75 points,1.75,4")
    text = text.replace("answered,3,3", "answered; level 4 of 4: 1 point,4,4")
    book.write_text(text, encoding="utf-8")
    page = report.report_html(read_gradebook(book), [])
    written = section(page, "Written answers")
    assert re.search(r"<td>q4</td><td></td><td class=num>3</td><td class=num>2</td><td>3.5 of 4</td>", written)


def test_a_gradebook_without_ids_flags_or_answers_file(tmp_path, capsys):
    book = build(tmp_path, columns=OLD_COLUMNS, answers=False, name="old.csv")
    assert cli.main(["report", str(book), "--out", str(tmp_path / "r.html")]) == 0
    assert "No answers file (old.answers.csv) beside the gradebook" in capsys.readouterr().out
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "no flags column" in section(text, "Flags to look at")
    assert "Give the class list to see this" in section(text, "Who has not handed in")
    assert "grade the folder again to record the answers given" in text
    assert text.count("<figure>") == 2  # the kinds come from the cells: q4 has "answered", so it is written
    assert "<td>q4</td>" not in section(text, "Which questions the class found hard")


def test_bad_input_is_one_line(tmp_path, capsys):
    book = build(tmp_path)
    (tmp_path / "list.csv").write_text("pupil\nAliya\n", encoding="utf-8")
    assert cli.main(["report", str(book), "--roster", str(tmp_path / "list.csv")]) == 2
    out = capsys.readouterr().out
    assert out == f"Cannot write the class report: the class list {tmp_path / 'list.csv'} has no student column " \
                  "(or first name and last name columns); its columns: pupil\n"
    assert cli.main(["report", str(tmp_path / "none.csv")]) == 2
    assert capsys.readouterr().out.count("\n") == 1
