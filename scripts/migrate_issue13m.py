"""Migrate records to the second edition's "as of" fields (issue 13, part M), losslessly.

`last_reviewed` meant "the date up to which the editors reviewed the sources", and every
review so far was of saved copies (the research dossiers say the live sites were not
checked). It becomes `sources_reviewed_up_to`; `last_checked_live` stays absent until an
editor actually checks the live pages.

The key is renamed in place, on its own line, so comments, order and quoting are untouched;
each file is re-read with kb's strict reader and written (atomically) only if its data is
exactly the old data with the key renamed. Run from the repository root:

    .venv/bin/python scripts/migrate_issue13m.py [ROOT]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kb.fileio import write_atomic
from kb.loading import discover
from kb.yamlio.reader import parse_text

OLD, NEW = "last_reviewed", "sources_reviewed_up_to"
_TOP_LEVEL_KEY = re.compile(rf"^{OLD}(?=\s*:)", re.MULTILINE)


def migrate_text(text: str, name: str) -> str | None:
    """The migrated text, or None when the file has nothing to migrate."""
    if not _TOP_LEVEL_KEY.search(text):
        return None
    new_text = _TOP_LEVEL_KEY.sub(NEW, text, count=1)
    before, after = parse_text(text, name), parse_text(new_text, name)
    if before.diagnostics or after.diagnostics or not isinstance(before.data, dict):
        raise SystemExit(f"{name}: does not read cleanly; migrate it by hand")
    expected = {(NEW if k == OLD else k): v for k, v in before.data.items()}
    if after.data != expected or NEW in before.data:
        raise SystemExit(f"{name}: the rename would change more than the key; migrate it by hand")
    return new_text


def main(root: Path) -> int:
    changed = 0
    for file, _ in discover(root):
        path = root / file
        new_text = migrate_text(path.read_text("utf-8"), file)
        if new_text is not None:
            write_atomic(path, new_text)
            changed += 1
    print(f"migrated {changed} file{'s' * (changed != 1)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
