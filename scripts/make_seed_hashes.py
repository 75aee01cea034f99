"""Write the fingerprints of the seed article's eight-word runs to tests/seed_ngrams.txt.

The kit examines one article (source_id `cwi-2022-01-seed`) but must never reproduce its sentences.
The repository keeps no text of the article: only a truncated SHA-256 hash of every run of eight
consecutive words, after normalising case and punctuation. tests/test_no_copying.py hashes every
eight-word run of the kit's notebooks, datasets and docs and fails on any match.

The headline is left out on purpose: the kit cites the article by its title, as it cites every source.

Run from the repository root, with the shared material next to it:

    python scripts/make_seed_hashes.py            # reads ../shared/seeds/000_8abb1f5ddb2ee9c1.txt

The same functions are used by the test, so both sides normalise text in exactly the same way.
"""
from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_8abb1f5ddb2ee9c1.txt"
OUTPUT = ROOT / "tests" / "seed_ngrams.txt"
RUN = 8  # words per run
DIGEST_CHARS = 16  # hex characters kept of each SHA-256 digest (64 bits)

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u2032`]")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words with punctuation removed: "Tokayev's claims, 20,000" -> tokayevs claims 20 000."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return _WORD.findall(text)


def digest(run: list[str] | tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def run_hashes(text: str, n: int = RUN) -> set[str]:
    """The hash of every run of n consecutive words of the text."""
    ws = words(text)
    return {digest(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def seed_blocks(text: str) -> list[str]:
    """The article's blocks separated by blank lines (block 0 is the headline)."""
    return [b for b in text.split("\n\n") if b.strip()]


def seed_body(text: str) -> str:
    """Everything but the headline, which the kit cites like any title."""
    return "\n\n".join(seed_blocks(text)[1:])


def main(seed: Path = SEED, output: Path = OUTPUT) -> int:
    if not seed.exists():
        print(f"The seed article is not at {seed}; nothing written.", file=sys.stderr)
        return 1
    hashes = sorted(run_hashes(seed_body(seed.read_text(encoding="utf-8"))))
    header = (
        "# Fingerprints of the seed article's eight-word runs (scripts/make_seed_hashes.py).\n"
        f"# sha256 of the normalised run, first {DIGEST_CHARS} hex characters; sorted; the headline is excluded.\n"
    )
    output.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{len(hashes)} fingerprints written to {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
