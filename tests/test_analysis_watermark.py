"""Watermark scheme, scoring and key files: deterministic, de-duplicated, exact p-values."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from kb.analysis.simulate import base_model, corpus, random_scheme
from kb.analysis.stats import binomial_sf
from kb.analysis.tokenizer import FileTokenizer, TokenizerError, WordTokenizer
from kb.analysis.watermark import KeyFileError, Scheme, Scorer, key_file_text, load_key, parse_key

SCHEME = Scheme(key=bytes(range(16)), gamma=0.25, context_width=1)


def _brute_sf(k: int, n: int, p: float) -> float:
    return sum(math.comb(n, x) * p**x * (1 - p) ** (n - x) for x in range(k, n + 1))


@pytest.mark.parametrize(
    ("k", "n", "p"),
    [
        (0, 10, 0.3),
        (3, 10, 0.3),
        (10, 10, 0.3),
        (300, 1000, 0.25),
        (240, 1000, 0.25),
        (7, 20, 0.25),
        (1, 1, 0.5),
    ],
)
def test_binomial_tail_matches_the_exact_sum(k: int, n: int, p: float) -> None:
    assert binomial_sf(k, n, p) == pytest.approx(_brute_sf(k, n, p), rel=1e-9)


def test_the_green_list_is_a_keyed_function_with_share_gamma() -> None:
    green = SCHEME.green()
    other = Scheme(key=bytes(range(1, 17)), gamma=0.25, context_width=1).green()
    messages = [f"w{i}\x1ev{i % 97}" for i in range(20000)]
    mine = [green.is_green(m) for m in messages]
    assert mine == [SCHEME.green().is_green(m) for m in messages]
    assert sum(mine) / len(mine) == pytest.approx(0.25, abs=0.01)
    assert mine != [other.is_green(m) for m in messages]


def test_repeated_pairs_are_scored_once() -> None:
    scorer = Scorer(SCHEME, WordTokenizer())
    once = scorer.score(["alpha beta gamma delta"])
    many = scorer.score(["alpha beta gamma delta " * 50])
    assert once.scored == 3
    assert many.scored == 4  # the three pairs plus 'delta alpha' where the copies join
    assert many.repeated == 50 * 4 - 1 - 4


def test_pairs_in_the_excluded_prompt_are_not_scored() -> None:
    scorer = Scorer(SCHEME, WordTokenizer())
    s = scorer.score(["one two three four"], exclude=["one two three"])
    assert (s.scored, s.excluded) == (1, 2)


def test_watermarked_text_scores_high_and_plain_text_does_not() -> None:
    rng = random.Random(3)
    base = base_model(rng, 500, 20)
    scheme = random_scheme(rng)
    scorer = Scorer(scheme, WordTokenizer())
    marked = scorer.score(corpus(base, rng, 5, 100, scheme))
    plain = scorer.score(corpus(base, rng, 5, 100))
    assert marked.z > 4 and marked.p_value < 1e-4
    assert plain.p_value > 1e-3


def test_z_score_follows_the_counts() -> None:
    s = Scorer(SCHEME, WordTokenizer()).score(["a b c d e f g h i j k"])
    assert s.z == pytest.approx((s.green - 0.25 * s.scored) / math.sqrt(s.scored * 0.25 * 0.75))


def test_key_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text(key_file_text(SCHEME, "owner"), "utf-8")
    scheme, sha = load_key(path)
    assert scheme == SCHEME and len(sha) == 64


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('{"scheme": "kb-green-hmac-sha256-v1",\n "key": "zz"}', 0, "no 'gamma'"),
        (
            '{\n"scheme": "kb-green-hmac-sha256-v1",\n"key": "zz", "gamma": 0.25, "context_width": 1,\n'
            '"tokenizer": "kb-words-v1"}',
            3,
            "'key' must be a hex string",
        ),
        (
            '{"scheme": "kb-green-hmac-sha256-v1", "key": "00112233445566778899aabbccddeeff",\n'
            '"gamma": 1.5, "context_width": 1, "tokenizer": "kb-words-v1"}',
            2,
            "'gamma'",
        ),
        (
            '{"scheme": "kb-green-hmac-sha256-v1", "key": "0011",\n"gamma": 0.5, "context_width": 1, '
            '"tokenizer": "kb-words-v1"}',
            1,
            "at least 16",
        ),
        ('{"scheme": "x"\n"key": 1}', 2, "not valid JSON"),
        ("[1, 2]", 0, "JSON object"),
    ],
)
def test_a_bad_key_file_names_the_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(KeyFileError) as err:
        parse_key(text, "key.json")
    d = err.value.diagnostic
    assert (d.code, d.line) == ("KB543", line)
    assert needle in d.message


def _tokenizer_json(path: Path) -> Path:
    pytest.importorskip("tokenizers")
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = {"[UNK]": 0, **{w: i + 1 for i, w in enumerate("the cat sat on a mat".split())}}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(path))
    return path


def test_a_tokenizer_json_gives_token_ids(tmp_path: Path) -> None:
    tok = FileTokenizer(_tokenizer_json(tmp_path / "tokenizer.json"))
    assert tok.tokens("the cat sat on a dog") == ["1", "2", "3", "4", "5", "0"]
    assert tok.sha256 is not None and len(tok.sha256) == 64


def test_a_file_that_is_not_a_tokenizer_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("tokenizers")
    bad = tmp_path / "tokenizer.json"
    bad.write_text(json.dumps({"not": "a tokenizer"}), "utf-8")
    with pytest.raises(TokenizerError, match=r"not a tokenizer\.json"):
        FileTokenizer(bad)
