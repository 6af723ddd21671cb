"""How the site's graphs draw a claim's status: one place for the explorer and the diagrams.

Claims that the sources reviewed do not support (unsubstantiated, refuted, retracted) are drawn
dashed and grey and always labelled in words, so they never look alleged or established. The
colours keep at least 4.5:1 against white (they double as text swatches); no status relies on
colour alone: the line pattern and the status word go with it.
"""

from __future__ import annotations

from kb.records.vocab import NOT_SUPPORTED_STATUSES

#: Statuses drawn dashed and grey: the vocabulary's "not supported" class.
NOT_SUPPORTED = frozenset(str(s) for s in NOT_SUPPORTED_STATUSES)

GREY = "#6c757d"
"""Lines of not-supported claims (4.69:1 on white)."""
DECLARED = "#495057"
"""Developers and lineage the developer declares (8.2:1 on white)."""

STATUS_COLOURS: dict[str, str] = {
    "alleged": "#b35900",
    "disputed": "#c2255c",
    "denied": "#862e9c",
    "corroborated": "#1971c2",
    "confirmed": "#2b6a30",
    "self-declared": "#0b7285",
    "unsubstantiated": GREY,
    "refuted": GREY,
    "retracted": GREY,
}


def not_supported(status: str) -> bool:
    """True for a claim status the sources reviewed do not support (drawn dashed and grey)."""
    return str(status) in NOT_SUPPORTED


def colour(status: str) -> str:
    return STATUS_COLOURS.get(str(status), DECLARED)


def words(value: str) -> str:
    """A vocabulary value as words: ``extracted-outputs-from`` -> ``extracted outputs from``."""
    return str(value).replace("-", " ")
