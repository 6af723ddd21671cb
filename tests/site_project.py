"""Helpers for site tests: a throwaway project (records + mkdocs.yml + hand-written docs)."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

from kb.loading import KnowledgeBase, load
from kb.records import KINDS

REPO = Path(__file__).resolve().parent.parent
RECORD_FOLDERS = tuple(KINDS)

HOSTILE_INCIDENT = """\
id: 2026-03-01-hostile-test
title: "<script>window.__pwned=1;alert('title')</script> Hostile <img src=x onerror=alert(1)>"
kind: allegation
date: '2026-03-01'
summary: |
  A summary with <script>window.__pwned=2;alert('summary')</script> and
  <img src="x" onerror="window.__pwned=3;alert(3)"> and a
  [javascript link](javascript:window.__pwned=4) and a [relative link](//example.org/ok).

  </div><script>window.__pwned=5</script><div>
  ![tracking image](//tracker.example/pixel.png)
tags: [hostile]
actors:
  - {actor: anthropic, role: accuser}
  - {actor: evil-actor, role: accused}
models: [claude]
claims:
  - id: c1
    claimant: anthropic
    subject: evil-actor
    predicate: distilled-from
    object: claude
    status: alleged
    stated_on: '2026-03-01'
    statement: "Statement </div><svg onload=window.__pwned=6> | pipe | {: onclick=x} ```"
    method: "<b>bold</b> [x](javascript:alert(7))"
    evidence:
      - {ref: e1, stance: supports, quote: "<iframe src=javascript:alert(8)>"}
responses:
  - party: evil-actor
    stance: denied
    date: '2026-03-02'
    summary: "Denied <script>window.__pwned=9</script>"
    evidence: [e1]
open_questions:
  - "Question with | a pipe | and {: #x onclick=alert(10) } and ]] --> n0"
evidence:
  - id: e1
    source: hostile-source
    locator: "<script>window.__pwned=15</script> section 2"
"""

HOSTILE_SOURCE = """\
id: hostile-source
url: https://example.org/a?b='c'&d=(e)[f]*g_h
title: "<svg onload=alert(11)>Evidence title"
publisher: "Publisher <b onmouseover=alert(12)>"
published: '2026-03-01'
kind: primary-statement
reliability: B
first_hand: true
note: "[x](javascript:alert(16)) <img src=x onerror=alert(17)>"
"""

HOSTILE_ACTOR = """\
id: evil-actor
name: 'Evil"]) --> n0[<img src=x onerror=alert(13)>] %%{init: {}}%%'
kind: company
jurisdiction: ['CN']
summary: "<script>window.__pwned=14</script>"
"""


def make_project(dest: Path, records_from: Path = REPO) -> Path:
    """Copy the records of ``records_from`` and the repository's site sources into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in RECORD_FOLDERS:
        src = records_from / folder
        if src.is_dir():
            shutil.copytree(src, dest / folder)
        else:
            (dest / folder).mkdir()
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs",
                    ignore=lambda d, names: ["generated"] if Path(d) == REPO / "docs" else [])
    return dest


def make_hostile_project(dest: Path) -> Path:
    project = make_project(dest, REPO / "tests" / "fixtures" / "small_kb")
    (project / "incidents" / "2026-03-01-hostile-test.yaml").write_text(HOSTILE_INCIDENT, "utf-8")
    (project / "actors" / "evil-actor.yaml").write_text(HOSTILE_ACTOR, "utf-8")
    (project / "sources" / "hostile-source.yaml").write_text(HOSTILE_SOURCE, "utf-8")
    return project


_BUILT: dict[str, Path] = {}


def built_site(name: str, base: Path) -> Path:
    """Build the 'real' (a copy of this repository's KB) or 'hostile' project once per session.

    Runs the real CLI in a subprocess, with its validation cache kept under ``base``.
    """
    import os
    import subprocess
    import sys

    if name in _BUILT:
        return _BUILT[name]
    project = make_project(base / name) if name == "real" else make_hostile_project(base / name)
    out = base / f"{name}-site"
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache")}
    proc = subprocess.run(
        [sys.executable, "-c", "from kb.cli import main; main()", "build", "--root", str(project),
         "--out", str(out)], capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"kb build of the {name} project failed:\n{proc.stderr}")
    _BUILT[name] = out
    return out


@lru_cache(maxsize=1)
def real_kb() -> KnowledgeBase:
    """The repository's own knowledge base, loaded once per test session (records are frozen;
    tests must not change the mappings)."""
    return load(REPO)


@lru_cache(maxsize=1)
def _real_pages() -> dict[str, str]:
    from kb.site import render_site

    return {k: v for k, v in render_site(real_kb()).items() if isinstance(v, str)}


def real_pages() -> dict[str, str]:
    """The real KB's generated text pages, rendered once per session (a copy per call)."""
    return dict(_real_pages())
