"""Checks on what the user asked for, shared by every analysis command: labels, vendors, attach.

These are usage errors (exit 2 in the CLI), raised as `UsageError` with a message to print; the
CLI only parses options and renders. Data problems inside files are diagnostics instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class UsageError(Exception):
    """The options do not make sense together; the message says what to change."""


def parse_spec(value: str) -> tuple[str, Path]:
    """'LABEL=PATH' or 'PATH' (the label is then the file stem)."""
    if "=" in value:
        label, _, path = value.partition("=")
        label = label.strip()
        if not label:
            raise UsageError(f"'{value}': the label before '=' is empty")
        return label, Path(path)
    return Path(value).stem, Path(value)


def check_unique(labels: Sequence[str]) -> None:
    dupes = sorted({lab for lab in labels if labels.count(lab) > 1})
    if dupes:
        raise UsageError(f"labels must be unique; repeated: {', '.join(dupes)} (write LABEL=FILE)")


def parse_vendors(values: Sequence[str], labels: Sequence[str], known: Sequence[str]) -> dict[str, str]:
    """'LABEL=VENDOR' options as {label: vendor key}."""
    vendors: dict[str, str] = {}
    for v in values:
        lab, sep, key = v.partition("=")
        if not sep or lab not in labels:
            raise UsageError(
                f"--vendor '{v}': expected LABEL=VENDOR with one of the labels {', '.join(labels)}"
            )
        if key not in known:
            raise UsageError(f"--vendor '{v}': unknown vendor '{key}'; known: {', '.join(sorted(known))}")
        vendors[lab] = key
    return vendors


def check_attach(
    attach: str | None, claim: str | None, url: str | None, publisher: str | None, out: Path | None
) -> None:
    """--attach needs --claim, an http(s) --url, --publisher and --out; --claim needs --attach."""
    if attach is not None:
        if claim is None or url is None or publisher is None:
            raise UsageError("--attach needs --claim, --url (where the report is published) and --publisher")
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"--url '{url}' is not an http(s) URL; records only allow http and https links")
        if out is None:
            raise UsageError("--attach needs --out: the attached report must exist as a file to publish")
    elif claim is not None:
        raise UsageError("--claim needs --attach INCIDENT")
