"""Green-list watermark detection (after Kirchenbauer et al. 2023, arXiv 2301.10226).

The scheme (`kb-green-hmac-sha256-v1`): for a candidate token t after the context c (the h
previous tokens), t is *green* when the first 8 bytes of HMAC-SHA256(key, c1 US c2 ... RS t),
read as a big-endian integer, are below gamma * 2**64 (US = U+001F between context tokens,
RS = U+001E before the candidate). A keyed pseudo-random function, so it is deterministic, needs
no vocabulary, and without the key every (context, token) pair is green with probability gamma,
independently. A generator promotes green tokens (logit bias delta); detection counts them.

Test: among T *distinct* (context, token) pairs, G are green. Under the null (text written
without this key), G ~ Binomial(T, gamma) exactly, because each distinct pair is an independent
draw of the keyed function. Each pair is scored once: counting a repeated pair again would add
the same coin flip twice and make p-values invalid on repetitive text. Reported: z =
(G - gamma T) / sqrt(T gamma (1 - gamma)) and the exact binomial tail p-value (which the z-score
approximates), with log10 p so that very small p-values survive rounding.
"""

from __future__ import annotations

import hmac
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb.analysis.stats import binomial_sf_log10
from kb.analysis.tokenizer import BUILTIN, FROM_FILE, Tokenizer, WordTokenizer
from kb.diagnostics import Diagnostic

SCHEME = "kb-green-hmac-sha256-v1"
MIN_KEY_BYTES = 16
MAX_CONTEXT = 8
#: a corpus with fewer distinct scored pairs than this is refused (KB542)
MIN_SCORED = 25
_US, _RS = "\x1f", "\x1e"


@dataclass(frozen=True, slots=True)
class Scheme:
    """A watermark scheme: the secret key and the public parameters."""

    key: bytes = field(repr=False)
    gamma: float
    context_width: int
    tokenizer: str = BUILTIN
    tokenizer_sha256: str | None = None
    delta: float | None = None
    """The generator's logit bias, if the owner recorded it (detection does not use it)."""

    def green(self) -> GreenList:
        return GreenList(self)


class GreenList:
    """The keyed green-list test, with the HMAC state prepared once per key."""

    def __init__(self, scheme: Scheme):
        self._base = hmac.new(scheme.key, digestmod="sha256")
        self._threshold = int(scheme.gamma * 2**64)

    def is_green(self, message: str) -> bool:
        h = self._base.copy()
        h.update(message.encode("utf-8"))
        return int.from_bytes(h.digest()[:8], "big") < self._threshold


def pair_message(context: Iterable[str], token: str) -> str:
    """The bytes (as text) the key is applied to: context tokens joined by US, RS, candidate."""
    return _US.join(context) + _RS + token


def pairs(tokens: list[str], h: int) -> Iterator[str]:
    """Every (context, token) pair of a token sequence as its message, in order."""
    for i in range(h, len(tokens)):
        yield pair_message(tokens[i - h : i], tokens[i])


@dataclass(frozen=True, slots=True)
class Score:
    tokens: int
    """Tokens in the text(s)."""
    scored: int
    """Distinct (context, token) pairs scored (T)."""
    repeated: int
    """Pairs not scored because the same pair was already scored."""
    excluded: int
    """Pairs not scored because they occur in the prompt (radioactivity)."""
    green: int
    gamma: float

    @property
    def expected(self) -> float:
        return self.gamma * self.scored

    @property
    def green_share(self) -> float:
        return self.green / self.scored if self.scored else 0.0

    @property
    def z(self) -> float:
        if not self.scored:
            return 0.0
        return (self.green - self.expected) / math.sqrt(self.scored * self.gamma * (1 - self.gamma))

    @property
    def log10_p(self) -> float:
        return binomial_sf_log10(self.green, self.scored, self.gamma) if self.scored else 0.0

    @property
    def p_value(self) -> float:
        return float(10.0**self.log10_p)


class Scorer:
    """Counts green pairs; remembers each pair's colour so shared pairs are hashed once."""

    def __init__(self, scheme: Scheme, tokenizer: Tokenizer):
        self.scheme = scheme
        self.tokenizer = tokenizer
        self._green = scheme.green()
        self._colour: dict[str, bool] = {}

    def colour(self, message: str) -> bool:
        c = self._colour.get(message)
        if c is None:
            c = self._colour[message] = self._green.is_green(message)
        return c

    def score(self, texts: Iterable[str], *, exclude: Iterable[str] = (), forget: bool = False) -> Score:
        """Score texts together: each distinct pair once across all of them.

        `exclude`: texts whose pairs are not scored (a prompt the model may have copied).
        `forget`: do not keep pair colours after scoring (bounded memory for one-off texts).
        """
        h = self.scheme.context_width
        seen: set[str] = set()
        for text in exclude:
            seen.update(pairs(self.tokenizer.tokens(text), h))
        excluded_pairs = frozenset(seen)
        n_tokens = scored = repeated = excluded = green = 0
        colour = self._green.is_green if forget else self.colour
        for text in texts:
            toks = self.tokenizer.tokens(text)
            n_tokens += len(toks)
            for m in pairs(toks, h):
                if m in seen:
                    if m in excluded_pairs:
                        excluded += 1
                    else:
                        repeated += 1
                    continue
                seen.add(m)
                scored += 1
                green += colour(m)
        return Score(
            tokens=n_tokens,
            scored=scored,
            repeated=repeated,
            excluded=excluded,
            green=green,
            gamma=self.scheme.gamma,
        )


# ---------------------------------------------------------------------------------------------
# Key files


class KeyFileError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


KEY_FIELDS = ("scheme", "key", "gamma", "context_width", "tokenizer", "tokenizer_sha256", "delta", "owner")


def key_file_text(scheme: Scheme, owner: str | None = None) -> str:
    """A key file for `scheme` (the format `load_key` reads)."""
    data: dict[str, object] = {
        "scheme": SCHEME,
        "key": scheme.key.hex(),
        "gamma": scheme.gamma,
        "context_width": scheme.context_width,
        "tokenizer": scheme.tokenizer,
    }
    if scheme.tokenizer_sha256:
        data["tokenizer_sha256"] = scheme.tokenizer_sha256
    if scheme.delta is not None:
        data["delta"] = scheme.delta
    if owner:
        data["owner"] = owner
    return json.dumps(data, indent=2) + "\n"


def _line_of(text: str, key: str) -> int:
    m = re.search(r'"' + re.escape(key) + r'"\s*:', text)
    return text[: m.start()].count("\n") + 1 if m else 0


def parse_key(text: str, shown: str) -> Scheme:
    """A key file's scheme, or KeyFileError with file:line and KB543."""

    def fail(message: str, key: str | None = None, hint: str | None = None) -> KeyFileError:
        line = _line_of(text, key) if key else 0
        return KeyFileError(
            Diagnostic(
                shown,
                "KB543",
                message,
                line=line,
                column=1 if line else 0,
                hint=hint or "see `kb evidence watermark --help` for the key file format",
            )
        )

    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KeyFileError(
            Diagnostic(
                shown,
                "KB543",
                f"key file is not valid JSON: {exc.msg}",
                line=exc.lineno,
                column=exc.colno,
                hint="a key file is one JSON object",
            )
        ) from None
    if not isinstance(obj, dict):
        raise fail(f"key file must hold a JSON object, not {type(obj).__name__}")
    for name in sorted(set(obj) - set(KEY_FIELDS)):
        raise fail(f"unknown field '{name}' in the key file", name, f"known fields: {', '.join(KEY_FIELDS)}")
    for name in ("scheme", "key", "gamma", "context_width", "tokenizer"):
        if name not in obj:
            raise fail(f"key file has no '{name}'")
    if obj["scheme"] != SCHEME:
        raise fail(f"unknown scheme {json.dumps(obj['scheme'])[:80]}; this tool detects '{SCHEME}'", "scheme")
    key = obj["key"]
    if not isinstance(key, str) or not re.fullmatch(r"(?:[0-9a-fA-F]{2})+", key):
        raise fail("'key' must be a hex string (an even number of 0-9, a-f)", "key")
    if len(key) // 2 < MIN_KEY_BYTES:
        raise fail(f"'key' has {len(key) // 2} bytes; at least {MIN_KEY_BYTES} are needed", "key")
    gamma = obj["gamma"]
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float)) or not 0 < gamma < 1:
        raise fail("'gamma' (the green-list fraction) must be a number strictly between 0 and 1", "gamma")
    width = obj["context_width"]
    if isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= MAX_CONTEXT:
        raise fail(f"'context_width' must be an integer from 1 to {MAX_CONTEXT}", "context_width")
    tok = obj["tokenizer"]
    if tok not in (BUILTIN, FROM_FILE):
        raise fail(f"'tokenizer' must be '{BUILTIN}' or '{FROM_FILE}'", "tokenizer")
    tsha = obj.get("tokenizer_sha256")
    if tsha is not None and (not isinstance(tsha, str) or not re.fullmatch(r"[0-9a-f]{64}", tsha)):
        raise fail("'tokenizer_sha256' must be 64 lowercase hex digits", "tokenizer_sha256")
    delta = obj.get("delta")
    if delta is not None and (isinstance(delta, bool) or not isinstance(delta, (int, float))):
        raise fail("'delta' must be a number", "delta")
    if obj.get("owner") is not None and not isinstance(obj["owner"], str):
        raise fail("'owner' must be a string", "owner")
    return Scheme(
        key=bytes.fromhex(key),
        gamma=float(gamma),
        context_width=width,
        tokenizer=tok,
        tokenizer_sha256=tsha,
        delta=None if delta is None else float(delta),
    )


def load_key(path: Path, shown: str | None = None) -> tuple[Scheme, str]:
    """The scheme in a key file and the file's SHA-256."""
    import hashlib

    shown = shown or path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(
            Diagnostic(shown, "KB543", f"cannot read the key file: {exc.strerror or exc}")
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KeyFileError(
            Diagnostic(shown, "KB543", "key file is not UTF-8 text", hint="a key file is one JSON object")
        ) from None
    return parse_key(text, shown), hashlib.sha256(data).hexdigest()


def builtin_tokenizer() -> WordTokenizer:
    return WordTokenizer()
