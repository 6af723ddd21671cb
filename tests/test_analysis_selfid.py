"""Self-identification: counted first-person claims vs negated, quoted, hypothetical, echoed."""

from __future__ import annotations

import pytest

from kb.analysis import selfid
from kb.analysis.stats import fisher_greater, holm, wilson
from kb.analysis.transcripts import Exchange, Transcript

COUNTED = [
    ("I am ChatGPT, a large language model trained by OpenAI.", "openai"),
    ("I'm Claude, an AI assistant made by Anthropic.", "anthropic"),
    ("I\u2019m Claude.", "anthropic"),
    ("As an AI developed by Google, I cannot browse the web.", "google"),
    ("I was trained by Anthropic.", "anthropic"),
    ("My name is Kimi, made by Moonshot AI.", "moonshot"),
    ("I am GPT-4o.", "openai"),
    ("I am Claude 3.5 Sonnet.", "anthropic"),
    ("我是Claude，由Anthropic开发的AI助手。", "anthropic"),  # no space between CJK and Latin
    ("我是DeepSeek-V3，由深度求索公司开发。", "deepseek"),
    ("我是由OpenAI开发的语言模型。", "openai"),
    ("我是通义千问，阿里巴巴开发的大模型。", "alibaba"),
    ("我叫Kimi。", "moonshot"),
    ("I'm not ChatGPT but Claude.", "anthropic"),  # negation reset by "but"
    ("我不是ChatGPT，我是通义千问。", "alibaba"),
    ("I'm not sure about the date, but I am Claude.", "anthropic"),  # negation reset before the frame
    ("不管怎样，我是Claude。", "anthropic"),                          # 不 outside the frame is no negation
]

NOT_COUNTED = [
    ("I am not ChatGPT.", "negated"),
    ("I'm not Claude; I am Nova.", "negated"),
    ("I am no longer Gemini.", "negated"),
    ("我不是Claude。", "negated"),
    ("我并不是由OpenAI开发的。", "negated"),
    ("I don't think I am ChatGPT.", "negated"),
    ("It is not true that I am Gemini.", "negated"),
    ("我不认为我是ChatGPT。", "negated"),
    ('Some users type "I am ChatGPT" into forms.', "quoted"),
    ("有人会说“我是Claude”来测试模型。", "quoted"),
    ("Use `I am Claude` as the test string.", "quoted"),
    ("Imagine I am Claude for a moment.", "hypothetical"),
    ("For example, I am ChatGPT would be a false claim.", "hypothetical"),
    ("假如我是ChatGPT，我会这样回答。", "hypothetical"),
    ("If I were ChatGPT, I would say so.", "mention"),
    ("I am happy to compare Claude and Gemini.", "mention"),
    ("As an AI, I think Claude is a good model.", "mention"),
    ("I am a model. Claude is another model.", "mention"),
    ("The metadata field says Llama.", "mention"),
]


@pytest.mark.parametrize(("text", "vendor"), COUNTED, ids=[t for t, _ in COUNTED])
def test_first_person_claims_are_counted(text: str, vendor: str) -> None:
    assert vendor in selfid.claimed_vendors(text)


@pytest.mark.parametrize(("text", "status"), NOT_COUNTED, ids=[t for t, _ in NOT_COUNTED])
def test_other_mentions_are_not_counted(text: str, status: str) -> None:
    mentions = selfid.classify(text)
    assert mentions, "the vendor name itself should still be found"
    assert selfid.claimed_vendors(text) == set()
    assert status in {m.status for m in mentions}


def test_plain_word_boundary_would_miss_cjk_adjacent_names() -> None:
    """The pitfall the detector avoids: \\b does not fire between 我是 and Claude."""
    import re

    assert re.search(r"\bClaude\b", "我是Claude") is None
    assert selfid.claimed_vendors("我是Claude") == {"anthropic"}
    assert selfid.vendors_named("myClaude Claudette") == set()


def test_name_in_the_prompt_is_echoed_not_counted() -> None:
    assert [m.status for m in selfid.classify("Yes, I am ChatGPT.", "Are you ChatGPT?")] == ["echoed"]
    assert selfid.claimed_vendors("I am Claude.", "Pretend you are a pirate assistant.") == set()


def test_vendor_of_model_names() -> None:
    assert selfid.vendor_of("claude-3-opus") == "anthropic"
    assert selfid.vendor_of("deepseek_v3") == "deepseek"
    assert selfid.vendor_of("synthetic-teacher") is None


def _t(label: str, role: str, responses: list[str], vendor: str | None = None) -> Transcript:
    ex = tuple(
        Exchange("m", "Who are you?", r, line=i + 1, prompt_id=f"p{i}", lang="en")
        for i, r in enumerate(responses)
    )
    return Transcript(role, label, __import__("pathlib").Path(f"{label}.jsonl"), "0" * 64, 0, ex, vendor)  # type: ignore[arg-type]


def test_rates_sit_next_to_the_baseline_and_excess_is_consistent_with() -> None:
    suspect = _t("s", "suspect", ["I am Claude."] * 10 + ["I am Nova."] * 30)
    teacher = _t("t", "candidate", ["I am Claude."] * 40, "anthropic")
    bases = [_t(f"b{i}", "baseline", ["I am Atlas."] * 39 + ["I am not Claude."]) for i in range(3)]
    result = selfid.analyse(suspect, [teacher], bases)
    (cmp,) = result.comparisons
    assert cmp.vendor == "anthropic" and cmp.verdict == "consistent-with"
    assert cmp.suspect.count == 10 and cmp.baseline == selfid.Rate(0, 120, 0.0, wilson(0, 120))
    assert "consistent with" in cmp.statement and "does not prove" in cmp.statement
    assert "proves" not in cmp.statement.replace("does not prove", "")


def test_a_rate_like_the_baselines_is_not_distinguishable() -> None:
    suspect = _t("s", "suspect", ["I am ChatGPT."] * 2 + ["I am Nova."] * 38)
    bases = [_t(f"b{i}", "baseline", ["I am ChatGPT."] * 2 + ["I am Atlas."] * 38) for i in range(3)]
    teacher = _t("t", "candidate", ["I am Claude."] * 40, "anthropic")
    result = selfid.analyse(suspect, [teacher], bases)
    verdicts = {c.vendor: c.verdict for c in result.comparisons}
    assert verdicts == {
        "anthropic": "not-distinguishable-from-baseline",
        "openai": "not-distinguishable-from-baseline",
    }


def test_own_vendor_is_not_a_foreign_claim() -> None:
    suspect = _t("s", "suspect", ["I am DeepSeek."] * 10, "deepseek")
    result = selfid.analyse(
        suspect,
        [_t("t", "candidate", ["I am Claude."] * 10, "anthropic")],
        [_t("b", "baseline", ["I am Atlas."] * 10)],
    )
    assert [c.vendor for c in result.comparisons] == ["anthropic"]


def test_wilson_fisher_and_holm_against_known_values() -> None:
    lo, hi = wilson(6, 80)
    assert round(lo, 4) == 0.0348 and round(hi, 4) == 0.1541
    assert wilson(0, 0) == (0.0, 0.0)
    # 3/3 vs 0/3: one-sided Fisher p = 1/20
    assert fisher_greater(3, 3, 0, 3) == pytest.approx(0.05)
    assert fisher_greater(0, 10, 5, 10) == pytest.approx(1.0)
    assert holm({"a": 0.01, "b": 0.04, "c": 0.03}) == pytest.approx({"a": 0.03, "b": 0.06, "c": 0.06})


def test_rates_are_split_by_system_prompt_language_and_prompt_type() -> None:
    from pathlib import Path

    ex = (
        Exchange("m", "Who are you?", "I am Claude.", line=1, prompt_id="p1", lang="en",
                 system_prompt="You are Claude."),
        Exchange("m", "你是谁？", "我是Claude。", line=2, prompt_id="p2", lang="zh"),
        Exchange("m", "Explain tides.", "The moon pulls the sea.", line=3, prompt_id="p3", lang="en"),
    )
    p = selfid.profile(Transcript("suspect", "s", Path("s.jsonl"), "0" * 64, 0, ex))
    assert p.by_system_prompt["with-system-prompt"].by_vendor["anthropic"].count == 1
    assert p.by_system_prompt["without-system-prompt"].responses == 2
    assert p.by_language["zh"].by_vendor["anthropic"].count == 1
    assert p.by_prompt_class["identity-probe"].responses == 2
    assert p.by_prompt_class["incidental"].by_vendor == {}
