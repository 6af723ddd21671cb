"""Self-identification: does a response claim, in the first person, to be (or to be made by)
a vendor's model? English and Chinese.

A mention counts only when a first-person frame ("I am", "I'm", "my name is", "I was trained
by", "as an AI developed by", 我是, 我叫, 我由 ...) is joined to the vendor name by nothing but
filler words ("a large language model trained by"), and it is not negated ("I am not
ChatGPT", 我不是), not inside quotation marks or code, not hypothetical ("if I were", "imagine
I am", 假如), and the prompt did not name the vendor itself or ask for role-play.

Latin names are matched with ASCII-only lookarounds: Python's ``\\b`` does not fire between a
CJK character and a Latin letter (both are word characters), so ``我是Claude`` would be missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kb.analysis.stats import Rate, fisher_greater
from kb.analysis.transcripts import Exchange, Transcript

_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z])"

#: vendor key -> (display name, Latin name patterns, CJK names)
VENDORS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "openai": ("OpenAI (ChatGPT, GPT)", (r"chat\s?gpt", r"gpt(?:-?[0-9][0-9.]*o?)?", r"open\s?ai"), ()),
    "anthropic": ("Anthropic (Claude)", (r"claude", r"anthropic"), ("克劳德",)),
    "google": ("Google (Gemini)", (r"gemini", r"bard", r"google", r"deep\s?mind"), ("谷歌",)),
    "meta": ("Meta (Llama)", (r"llama", r"(?-i:Meta)(?:\s?AI)?"), ()),
    "alibaba": (
        "Alibaba (Qwen)",
        (r"qwen", r"tongyi", r"alibaba"),
        ("通义千问", "通义", "千问", "阿里巴巴", "阿里云"),
    ),
    "deepseek": ("DeepSeek", (r"deep\s?seek",), ("深度求索",)),
    "moonshot": ("Moonshot AI (Kimi)", (r"kimi", r"moonshot(?:\s?AI)?"), ("月之暗面",)),
    "minimax": ("MiniMax", (r"mini\s?max", r"abab", r"hailuo"), ("海螺",)),
    "zhipu": ("Zhipu (GLM)", (r"chatglm", r"glm", r"zhipu"), ("智谱清言", "智谱")),
    "baidu": ("Baidu (ERNIE)", (r"ernie", r"wenxin"), ("文心一言", "文心", "百度")),
    "bytedance": ("ByteDance (Doubao)", (r"doubao",), ("豆包", "字节跳动")),
    "xai": ("xAI (Grok)", (r"grok", r"(?-i:xAI)"), ()),
    "mistral": ("Mistral AI", (r"mistral",), ()),
}


def _vendor_pattern(latin: tuple[str, ...], cjk: tuple[str, ...]) -> str:
    parts = [_L + f"(?:{p})" + _R for p in latin] + [re.escape(c) for c in cjk]
    return "|".join(parts)


_NAME_RE = re.compile(
    "|".join(f"(?P<{key}>{_vendor_pattern(latin, cjk)})" for key, (_, latin, cjk) in VENDORS.items()),
    re.IGNORECASE,
)

# First-person frames. EN frames are matched case-insensitively with ASCII word edges.
_APOS = "['\u2019]"
_FRAME_RE = re.compile(
    "|".join(
        [
            _L + rf"I(?:{_APOS}m| am| was)" + _R,
            _L + r"my name is" + _R,
            _L + r"(?:call me|you can call me)" + _R,
            _L + r"as an? (?:AI|assistant|language model|large language model|chatbot)" + _R,
            r"我(?:是|叫|由|的名字是|名叫|被|不是|并不是|并非)",
            r"本(?:模型|助手)(?:是|由)",
        ]
    ),
    re.IGNORECASE,
)

# Words allowed between a frame and a vendor name ("I am a large language model trained by").
_FILLER_EN = frozenset(
    """
a an the ai artificial intelligence large language model models llm assistant chatbot chat bot
version variant of called named actually really just indeed in fact based on built trained
developed created made designed released provided powered fine-tuned finetuned tuned by from
and team company helpful research lab laboratory s family series product officially
sonnet opus haiku pro flash turbo mini max plus instruct chat coder ultra nano lite preview
""".split()
)
# Chinese filler, removed longest first.
_FILLER_ZH = tuple(
    sorted(
        """
一个 一款 一种 个 款 由 的 所 开发 研发 训练 创建 打造 推出 设计 构建 公司 团队
人工智能 智能 助手 语言模型 大型 大语言模型 大模型 模型 基于 名为 叫做 版本 你的 AI
实验室 出品 发布 提供 支持 旗下 是 就是 正是 其实 实际上
""".split(),
        key=len,
        reverse=True,
    )
)

_NEG_EN = re.compile(
    _L + r"(?:not|never|neither|nor|no longer|no)" + _R + r"|n[\u2019']t" + _R, re.IGNORECASE
)
# Negation earlier in the clause ("I don't think I am ChatGPT", 我不认为我是…); single 不 is
# only a negation right inside the frame (我不是), elsewhere it is too common to count.
_NEG_BEFORE = re.compile(
    _L + r"(?:not|never|deny|denies)" + _R + r"|n[\u2019']t" + _R + r"|不认为|并不|否认|不是说|并非",
    re.IGNORECASE,
)
_NEG_ZH = re.compile(r"不是|并非|并不是|不|非|没有|并没")
_RESET = re.compile(_L + r"(?:but|rather|instead)" + _R + r"|而是|而|但是|但", re.IGNORECASE)
_HYPO = re.compile(
    _L + r"(?:if|suppose|supposing|imagine|imagining|pretend|pretending|role-?play(?:ing)?|as if|"
    r"let's say|lets say|hypothetically|for example|for instance|e\.g|such as|would|could|might|"
    r"were I|say something like|might say|like)"
    + _R
    + r"|如果|假如|假设|假装|扮演|想象|比如|例如|譬如|若是|要是|模拟|倘若",
    re.IGNORECASE,
)
_ROLEPLAY_PROMPT = re.compile(
    _L
    + r"(?:pretend|role-?play|act as|you are now|impersonate|play the role)"
    + _R
    + r"|扮演|假装|模仿|你现在是",
    re.IGNORECASE,
)
_IDENTITY_PROMPT = re.compile(
    _L + r"(?:who are you|what are you|which model|what model|who (?:made|created|trained|built|"
    r"developed) you|your name|introduce yourself|what is your name|which company)"
    + _R
    + r"|你是谁|你是什么|哪个模型|什么模型|谁开发|谁训练|谁创造|你叫什么|介绍一下你自己|你的名字",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"(?<=[.!?])\s+|[。！？；;\n]")
_QUOTE_PAIRS = (
    ('"', '"'),
    ("\u201c", "\u201d"),
    ("\u300c", "\u300d"),
    ("\u300e", "\u300f"),
    ("\u00ab", "\u00bb"),
    ("`", "`"),
)
_TOKEN_EN = re.compile(r"[A-Za-z]?[0-9][0-9A-Za-z.]*|[A-Za-z]+(?:[-'][A-Za-z]+)*")
_VERSION = re.compile(r"[A-Za-z]?[0-9][0-9A-Za-z.]*")

STATUSES = ("first-person", "negated", "quoted", "hypothetical", "echoed", "roleplay-prompt", "mention")


@dataclass(frozen=True, slots=True)
class Mention:
    vendor: str
    name: str
    start: int
    status: str
    """first-person (counted), negated, quoted, hypothetical, echoed, roleplay-prompt, mention."""


def vendors_named(text: str) -> set[str]:
    """Vendor keys whose names appear anywhere in ``text``."""
    return {m.lastgroup for m in _NAME_RE.finditer(text) if m.lastgroup}


def vendor_of(name: str) -> str | None:
    """The vendor a model or label name points at ('claude-3-opus' -> 'anthropic'), if exactly one."""
    spaced = re.sub(r"[_/]", " ", name)
    found = vendors_named(spaced)
    return found.pop() if len(found) == 1 else None


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for opening, closing in _QUOTE_PAIRS:
        i = 0
        while True:
            a = text.find(opening, i)
            if a < 0:
                break
            b = text.find(closing, a + 1)
            if b < 0:
                break
            spans.append((a, b + 1))
            i = b + 1
    for m in re.finditer(r"```.*?(?:```|\Z)", text, re.DOTALL):
        spans.append(m.span())
    for m in re.finditer(r"(?m)^[ \t]*>.*$", text):
        spans.append(m.span())
    return spans


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _gap_is_filler(gap: str) -> bool:
    """True when the text between a frame and a name holds only filler, names and negations."""
    rest = _NAME_RE.sub(" ", gap)
    rest = _NEG_EN.sub(" ", rest)
    rest = _NEG_ZH.sub(" ", rest)
    rest = _RESET.sub(" ", rest)
    for word in _FILLER_ZH:
        rest = rest.replace(word, " ")
    rest = re.sub(r"[\s,，、:：()（）\-–—'\u2019\"“”]+", " ", rest)
    tokens = _TOKEN_EN.findall(rest)
    leftover = _TOKEN_EN.sub(" ", rest).strip()
    if leftover:
        return False
    return all(t.lower() in _FILLER_EN or _VERSION.fullmatch(t) for t in tokens)


def _negated_before(prefix: str) -> bool:
    return bool(_NEG_BEFORE.search(_RESET.split(prefix)[-1]))


def _negated(gap: str) -> bool:
    parts = _RESET.split(gap)
    tail = parts[-1]
    return bool(_NEG_EN.search(tail) or _NEG_ZH.search(tail))


def classify(response: str, prompt: str = "") -> list[Mention]:
    """Every vendor mention in ``response``, each with its status."""
    quoted = _quoted_spans(response)
    echoed = vendors_named(prompt)
    roleplay = bool(_ROLEPLAY_PROMPT.search(prompt))
    frames = list(_FRAME_RE.finditer(response))
    out: list[Mention] = []
    for m in _NAME_RE.finditer(response):
        vendor = m.lastgroup or ""
        start = m.start()
        clause = _clause_start(response, start)
        frame = None
        for f in reversed(frames):
            if clause <= f.start() and f.end() <= start and _gap_is_filler(response[f.end() : start]):
                frame = f
                break
        if frame is None:
            status = "mention"
        elif any(a <= frame.start() < b for a, b in quoted):
            status = "quoted"
        elif _negated(response[frame.start() : start]) or _negated_before(response[clause : frame.start()]):
            status = "negated"
        elif _HYPO.search(response[clause : frame.start()]):
            status = "hypothetical"
        elif vendor in echoed:
            status = "echoed"
        elif roleplay:
            status = "roleplay-prompt"
        else:
            status = "first-person"
        out.append(Mention(vendor=vendor, name=m.group(0), start=start, status=status))
    return out


def claimed_vendors(response: str, prompt: str = "") -> set[str]:
    """Vendors the response claims to be, counted (first person, not negated, quoted, ...)."""
    return {m.vendor for m in classify(response, prompt) if m.status == "first-person"}


def is_identity_probe(prompt: str) -> bool:
    return bool(_IDENTITY_PROMPT.search(prompt))


# ---------------------------------------------------------------------------------------------
# Rates per transcript and the comparison with baselines


def _rate(k: int, n: int) -> Rate:
    return Rate.of(k, n)


@dataclass(frozen=True, slots=True)
class Example:
    line: int
    vendors: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Group:
    responses: int
    by_vendor: dict[str, Rate]

    def to_data(self) -> dict[str, object]:
        return {"responses": self.responses, "by_vendor": {v: r.to_data() for v, r in self.by_vendor.items()}}


@dataclass(frozen=True, slots=True)
class Profile:
    """Self-identification counts for one transcript, overall and per split."""

    label: str
    role: str
    own_vendor: str | None
    responses: int
    by_vendor: dict[str, Rate]
    not_counted: dict[str, int]
    examples: tuple[Example, ...]
    by_language: dict[str, Group]
    by_prompt_class: dict[str, Group]
    by_system_prompt: dict[str, Group]

    def to_data(self) -> dict[str, object]:
        data: dict[str, object] = {
            "label": self.label,
            "role": self.role,
            "own_vendor": self.own_vendor,
            "responses": self.responses,
            "by_vendor": {v: r.to_data() for v, r in self.by_vendor.items()},
            "not_counted": dict(self.not_counted),
            "examples": [{"line": x.line, "vendors": list(x.vendors), "text": x.text} for x in self.examples],
        }
        for name in ("by_language", "by_prompt_class", "by_system_prompt"):
            groups: dict[str, Group] = getattr(self, name)
            data[name] = {key: g.to_data() for key, g in groups.items()}
        return data


@dataclass(frozen=True, slots=True)
class Comparison:
    """The suspect's first-person claims to one vendor against the baselines' rate."""

    vendor: str
    vendor_name: str
    suspect: Rate
    baseline: Rate
    baselines: tuple[str, ...]
    fisher_p_one_sided: float
    verdict: str
    statement: str

    def to_data(self) -> dict[str, object]:
        return {
            "vendor": self.vendor,
            "vendor_name": self.vendor_name,
            "suspect": self.suspect.to_data(),
            "baseline": self.baseline.to_data(),
            "baselines": list(self.baselines),
            "fisher_p_one_sided": self.fisher_p_one_sided,
            "verdict": self.verdict,
            "statement": self.statement,
        }


@dataclass(frozen=True, slots=True)
class SelfIdResult:
    profiles: tuple[Profile, ...]
    comparisons: tuple[Comparison, ...]
    alpha: float

    def to_data(self) -> dict[str, object]:
        """The JSON shape of the report (unchanged since report format 1)."""
        return {
            "profiles": [p.to_data() for p in self.profiles],
            "comparisons": [c.to_data() for c in self.comparisons],
            "alpha": self.alpha,
        }


def _snippet(text: str, start: int, width: int = 60) -> str:
    a = max(0, start - width // 2)
    return " ".join(text[a : a + width].split())


def _split_keys(e: Exchange) -> dict[str, str]:
    """The groups one exchange falls into, for the per-group rates."""
    return {
        "by_language": e.lang or "en",
        "by_prompt_class": "identity-probe" if is_identity_probe(e.prompt) else "incidental",
        "by_system_prompt": "with-system-prompt" if e.system_prompt else "without-system-prompt",
    }


def profile(t: Transcript) -> Profile:
    """Self-identification counts for one transcript, overall and per language, prompt type and
    presence of a system prompt."""
    n = len(t.exchanges)
    counted: dict[str, int] = {}
    group_n: dict[str, dict[str, int]] = {}
    group_k: dict[str, dict[str, dict[str, int]]] = {}
    excluded: dict[str, int] = {s: 0 for s in STATUSES if s != "first-person"}
    examples: list[Example] = []
    for e in t.exchanges:
        mentions = classify(e.response, e.prompt)
        claims = sorted({m.vendor for m in mentions if m.status == "first-person"})
        for m in mentions:
            if m.status != "first-person":
                excluded[m.status] += 1
        for group, key in _split_keys(e).items():
            group_n.setdefault(group, {})[key] = group_n.setdefault(group, {}).get(key, 0) + 1
            bucket = group_k.setdefault(group, {}).setdefault(key, {})
            for v in claims:
                bucket[v] = bucket.get(v, 0) + 1
        for v in claims:
            counted[v] = counted.get(v, 0) + 1
        if claims and len(examples) < 3:
            first = next(m for m in mentions if m.status == "first-person")
            examples.append(Example(e.line, tuple(claims), _snippet(e.response, first.start)))

    def groups(group: str) -> dict[str, Group]:
        sizes = group_n.get(group, {})
        return {
            key: Group(size, {v: _rate(k, size) for v, k in sorted(group_k[group][key].items())})
            for key, size in sorted(sizes.items())
        }

    return Profile(
        label=t.label,
        role=t.role,
        own_vendor=t.own_vendor,
        responses=n,
        by_vendor={v: _rate(k, n) for v, k in sorted(counted.items())},
        not_counted=excluded,
        examples=tuple(examples),
        by_language=groups("by_language"),
        by_prompt_class=groups("by_prompt_class"),
        by_system_prompt=groups("by_system_prompt"),
    )


def _count(t: Transcript, vendor: str) -> int:
    return sum(1 for e in t.exchanges if vendor in claimed_vendors(e.response, e.prompt))


def analyse(
    suspect: Transcript,
    candidates: Iterable[Transcript],
    baselines: Iterable[Transcript],
    *,
    alpha: float = 0.05,
) -> SelfIdResult:
    """Per-transcript profiles, and the suspect's foreign self-claims against the baseline rate."""
    candidates = list(candidates)
    baselines = list(baselines)
    profiles = tuple(profile(t) for t in (suspect, *candidates, *baselines))
    vendors = set(profiles[0].by_vendor) | {c.own_vendor for c in candidates if c.own_vendor}
    vendors.discard(suspect.own_vendor)  # a model naming its own maker is not a foreign claim
    comparisons = []
    for vendor in sorted(v for v in vendors if v):
        k = _count(suspect, vendor)
        n = len(suspect.exchanges)
        pool = [b for b in baselines if b.own_vendor != vendor]
        kb = sum(_count(b, vendor) for b in pool)
        nb = sum(len(b.exchanges) for b in pool)
        p = fisher_greater(k, n, kb, nb)
        if not pool:
            verdict = "no-baseline"
        elif k / n > (kb / nb if nb else 0.0) and p < alpha:
            verdict = "consistent-with"
        else:
            verdict = "not-distinguishable-from-baseline"
        s_rate, b_rate = _rate(k, n), _rate(kb, nb)
        comparisons.append(
            Comparison(
                vendor=vendor,
                vendor_name=VENDORS[vendor][0],
                suspect=s_rate,
                baseline=b_rate,
                baselines=tuple(sorted(b.label for b in pool)),
                fisher_p_one_sided=p,
                verdict=verdict,
                statement=_statement(suspect.label, vendor, s_rate, b_rate, verdict),
            )
        )
    return SelfIdResult(profiles, tuple(comparisons), alpha)


def _pct(r: Rate) -> str:
    return f"{r.rate * 100:.1f}%, 95% CI {r.ci95[0] * 100:.1f}-{r.ci95[1] * 100:.1f}%"


def _statement(label: str, vendor: str, s: Rate, b: Rate, verdict: str) -> str:
    name = VENDORS[vendor][0]
    text = (
        f"{s.count} of {s.n} responses from {label} ({_pct(s)}) self-identify in the first "
        f"person as {name}; unrelated baselines: {b.count} of {b.n} ({_pct(b)})."
    )
    if verdict == "consistent-with":
        text += (
            f" The excess over the baseline is consistent with exposure to {name} outputs; it "
            "does not prove distillation (web text and other models' outputs cause it too)."
        )
    elif verdict == "no-baseline":
        text += " No baseline was available for this vendor, so the rate cannot be judged."
    else:
        text += " The rate is not distinguishable from the baseline rate."
    return text
