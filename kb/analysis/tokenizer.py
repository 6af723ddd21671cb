"""Tokenizers for watermark scoring: a built-in deterministic one, or a model's `tokenizer.json`.

A watermark is defined over a tokenizer's tokens, so detection must split text exactly as the
generator did. `kb-words-v1` is this package's own tokenizer (for schemes defined with it, such
as the simulation's); a real model's tokenizer is read from a `tokenizer.json` the user supplies,
through the optional `tokenizers` package (`pip install 'distillation-kb[tokenizers]'`). Nothing
is ever downloaded.

Tokens are strings: the token text for `kb-words-v1`, the decimal token id for `tokenizer.json`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

BUILTIN = "kb-words-v1"
FROM_FILE = "tokenizer.json"

#: one CJK ideograph, a run of other letters/digits, or one other visible character
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS_RE = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+|[^\\w\\s]")


class Tokenizer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def sha256(self) -> str | None: ...

    def tokens(self, text: str) -> list[str]: ...


class TokenizerError(Exception):
    """The tokenizer file cannot be used (message says why)."""


class MissingExtra(Exception):
    """An optional dependency is not installed; the message says which extra to install."""


@dataclass(frozen=True, slots=True)
class WordTokenizer:
    """`kb-words-v1`: each CJK ideograph, each run of other letters/digits, each other symbol."""

    name: str = BUILTIN
    sha256: str | None = None

    def tokens(self, text: str) -> list[str]:
        return _WORDS_RE.findall(text)


class FileTokenizer:
    """A Hugging Face `tokenizer.json`, read through the `tokenizers` package (never downloaded)."""

    def __init__(self, path: Path):
        try:
            from tokenizers import Tokenizer as HFTokenizer
        except ImportError:
            raise MissingExtra(
                "reading a tokenizer.json needs the 'tokenizers' package: "
                "pip install 'distillation-kb[tokenizers]'"
            ) from None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TokenizerError(f"cannot read the tokenizer: {exc.strerror or exc}") from None
        try:
            self._tok = HFTokenizer.from_str(data.decode("utf-8"))
        except (UnicodeDecodeError, Exception) as exc:  # tokenizers raises a bare Exception
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise TokenizerError(
                f"not a tokenizer.json the tokenizers package can load ({first[:200]})"
            ) from None
        self._sha256 = hashlib.sha256(data).hexdigest()

    @property
    def name(self) -> str:
        return FROM_FILE

    @property
    def sha256(self) -> str | None:
        return self._sha256

    def tokens(self, text: str) -> list[str]:
        return [str(i) for i in self._tok.encode(text, add_special_tokens=False).ids]
