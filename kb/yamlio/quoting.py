"""When a string must be quoted in YAML that people edit: the one rule for `kb fmt` and the
round-trip editors (`kb mv`, `kb withdraw`, `kb evidence capture`, `--attach`).

kb reads plain scalars by the YAML 1.2 core schema, but contributors' editors and other tools
read YAML 1.1 (``NO`` is false, ``1:30`` is 90, ``2026-02-23`` a date). A string any of them
would read as something else is written quoted. (The custody log's machine-made entries are
written another way on purpose: every string double-quoted, see :mod:`kb.yamlio.emit`.)
"""

from __future__ import annotations

import re

from ruamel.yaml.resolver import implicit_resolvers

from kb.yamlio.reader import resolve_plain

_STR_TAG = "tag:yaml.org,2002:str"
#: Every implicit resolver ruamel knows, for YAML 1.1 and 1.2, except plain strings.
_OTHER_READERS = [(tag, regexp) for _versions, tag, regexp, _first in implicit_resolvers]
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_DATE_LIKE = re.compile(r"[0-9]{4}(?:-[0-9]{2}){0,2}")
#: YAML 1.1 readers (PyYAML, many editors) take these for booleans; kb reads them as text.
BOOL_11 = frozenset("y Y yes Yes YES n N no No NO on On ON off Off OFF".split())


def misread_elsewhere(text: str) -> bool:
    """Whether a plain scalar kb reads as text would be read as something else by YAML 1.1
    readers (PyYAML) or by ruamel.yaml's defaults (dates become datetimes)."""
    if text in BOOL_11 or _SEXAGESIMAL.match(text):
        return True
    return any(tag != _STR_TAG and regexp.match(text) for tag, regexp in _OTHER_READERS)


def needs_quotes(text: str) -> bool:
    """Whether ``text`` must be written quoted: kb or another reader would take it for
    something else (number, date, boolean, null), or it cannot be a plain scalar at all."""
    return (
        not isinstance(resolve_plain(text), str) or bool(_DATE_LIKE.fullmatch(text))
        or misread_elsewhere(text)
        or text != text.strip() or text == ""
        or text.startswith(("{", "[", "&", "*", "!", "@", "`"))
    )
