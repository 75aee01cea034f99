"""The copy guard: no run of eight consecutive words of the seed article appears in the kit.

The repository keeps only hashes of the article's eight-word runs (tests/seed_ngrams.txt, written by
scripts/make_seed_hashes.py), never its text. This test hashes every eight-word run of every notebook
(markdown and code cells), dataset CSV and JSON descriptor, Markdown document and Python source of the kit
(package, scripts, tests, benchmarks), normalised the same way, and fails on any match. The article's
headline is not hashed: the kit cites it by its title.
"""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HASHES = ROOT / "tests" / "seed_ngrams.txt"
SKIP_DIRS = {".git", ".venv", "node_modules", ".ipynb_checkpoints", "build", "dist", "__pycache__"}


def _script():
    spec = importlib.util.spec_from_file_location("make_seed_hashes", ROOT / "scripts" / "make_seed_hashes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guard = _script()


def seed_hashes() -> set[str]:
    lines = HASHES.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def kit_files(root: Path = ROOT) -> list[Path]:
    """Notebooks, dataset CSVs and descriptors (datapackage.json, schemas), Markdown documents, and the
    Python of the package, scripts, tests and benchmarks."""
    found = []
    for pattern in ("**/*.ipynb", "datasets/**/*.csv", "datasets/**/*.json", "**/*.md", "src/**/*.py",
                    "scripts/**/*.py", "tests/**/*.py", "benchmarks/**/*.py"):
        for path in root.glob(pattern):
            if not SKIP_DIRS.intersection(path.relative_to(root).parts):
                found.append(path)
    return sorted(set(found))


def texts(path: Path) -> list[str]:
    """The human-written text of a file: each cell's source for a notebook, else the whole file."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(raw).get("cells", [])
        return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    return [raw]


def copied_runs(path: Path, hashes: set[str]) -> list[str]:
    """Each eight-word run of the file whose fingerprint is one of the article's."""
    hits = []
    for text in texts(path):
        words = guard.words(text)
        for i in range(len(words) - guard.RUN + 1):
            run = words[i:i + guard.RUN]
            if guard.digest(run) in hashes:
                hits.append(" ".join(run))
    return hits


def test_the_fingerprint_file_holds_hashes_only():
    hashes = seed_hashes()
    assert len(hashes) > 1000
    assert all(len(h) == guard.DIGEST_CHARS and set(h) <= set("0123456789abcdef") for h in hashes)


def test_no_file_of_the_kit_copies_eight_words_of_the_seed_article():
    hashes = seed_hashes()
    problems = {}
    for path in kit_files():
        hits = copied_runs(path, hashes)
        if hits:
            problems[str(path.relative_to(ROOT))] = hits[:3]
    assert not problems, ("these files repeat eight or more consecutive words of the seed article; "
                          f"paraphrase them in your own words: {problems}")


@pytest.mark.skipif(not guard.SEED.exists(), reason="the seed article (../shared/seeds) is not on this machine")
def test_the_guard_catches_a_real_run_planted_in_a_notebook_and_a_csv(tmp_path):
    body = guard.words(guard.seed_body(guard.SEED.read_text(encoding="utf-8")))
    run = body[200:200 + guard.RUN]
    planted = " ".join(w.upper() if i % 2 else w for i, w in enumerate(run))  # case must not matter
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": [f"Intro. {planted}, the end."]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "x.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "t.csv").write_text(f'id,text\n1,"{"; ".join(run)}"\n', encoding="utf-8")
    (tmp_path / "datasets" / "ok.csv").write_text("id,text\n1,our own words only\n", encoding="utf-8")
    hashes = seed_hashes()
    flagged = {p.name for p in kit_files(tmp_path) if copied_runs(p, hashes)}
    assert flagged == {"x.ipynb", "t.csv"}


@pytest.mark.skipif(not guard.SEED.exists(), reason="the seed article (../shared/seeds) is not on this machine")
def test_the_committed_fingerprints_are_those_of_the_seed():
    expected = guard.run_hashes(guard.seed_body(guard.SEED.read_text(encoding="utf-8")))
    assert seed_hashes() == expected, "run `python scripts/make_seed_hashes.py` and commit tests/seed_ngrams.txt"


def test_the_headline_is_not_fingerprinted_so_the_kit_can_cite_its_title():
    title = "Kazakhstan: Hundreds killed, thousands imprisoned, after state clampdown"
    assert not guard.run_hashes(title) & seed_hashes()


def test_normalisation_ignores_case_punctuation_and_apostrophes():
    assert guard.words("Tokayev’s CLAIMS, “20,000” — bandits!") == ["tokayevs", "claims", "20", "000", "bandits"]
    assert guard.run_hashes("A b c d e f g h") == guard.run_hashes("a, B; c. d: e f-g h!")
