"""The links that bring the kit to a class, from the one thing a teacher sets: the repository's address.

    qantar links --repo https://github.com/school/qantar [--hub https://hub.school.org] [--branch main]
    make links REPO=https://github.com/school/qantar [HUB=https://hub.school.org]

Binder builds the repository from environment.yml and opens the start notebook; nbgitpuller copies it into
each student's home folder on a JupyterHub (and later brings in corrections without overwriting theirs).
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlencode

START = "notebooks/00_start_here.ipynb"
_GITHUB = re.compile(r"^https://github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/([A-Za-z0-9._-]+?)(?:\.git)?/?$")


def github_parts(repo: str) -> tuple[str, str]:
    match = _GITHUB.match(str(repo).strip())
    if not match:
        raise ValueError(f"{str(repo)[:80]!r} is not a GitHub repository's address; give one like "
                         "https://github.com/school/qantar")
    return match.group(1), match.group(2)


def _branch(branch: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch or "") or ".." in branch:
        raise ValueError(f"{branch!r} is not a branch name; the kit's is main")
    return branch


def binder_link(repo: str, branch: str = "main", path: str = START) -> str:
    owner, name = github_parts(repo)
    return f"https://mybinder.org/v2/gh/{owner}/{name}/{quote(_branch(branch), safe='')}?labpath={quote(path)}"


def nbgitpuller_link(repo: str, hub: str, branch: str = "main", path: str = START) -> str:
    owner, name = github_parts(repo)
    hub = str(hub).strip().rstrip("/")
    if not re.match(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[\w./-]*)?$", hub):
        raise ValueError(f"{hub[:80]!r} is not a JupyterHub address; give one like https://hub.school.org")
    query = urlencode({"repo": f"https://github.com/{owner}/{name}", "branch": _branch(branch),
                       "urlpath": f"lab/tree/{name}/{path}"})
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def links_text(repo: str, branch: str = "main", hub: str | None = None) -> str:
    lines = ["Binder (no installation; a temporary server, files lost when it stops):",
             f"  {binder_link(repo, branch)}"]
    if hub:
        lines += ["JupyterHub with nbgitpuller (a copy in each student's home folder):",
                  f"  {nbgitpuller_link(repo, hub, branch)}",
                  "  If the hub's image has the kit's packages but not the kit, each student runs once, in a "
                  "JupyterLab terminal after the first pull:",
                  f"  pip install --user --no-deps -e ~/{github_parts(repo)[1]}"]
    else:
        lines += ["JupyterHub with nbgitpuller: add --hub https://your-hub (make links ... HUB=...) for the link."]
    return "\n".join(lines)
