"""Seeded generator of SYNTHETIC transcripts with known properties, for tests and the worked example.

Nothing here describes a real model. The text is template prose about made-up topics; the
vendor names in the identity answers ("Claude", "ChatGPT") are placeholders that the
self-identification detector knows, used to plant a known signal.

Models (one JSONL file each, same 80 prompt ids: 60 English, 20 Chinese, 12 identity probes):

- ``teacher``      candidate parent; own style; says it is Claude (own vendor: anthropic).
- ``other``        an unrelated candidate with its own style (negative control).
- ``student``      distilled from the teacher: 75% of answers are light rewrites of the
                   teacher's answer to the same prompt, the rest fresh text in the teacher's
                   style; claims to be Claude on half of the identity probes.
- ``independent``  a student with its own style and no copying; on identity probes it says
                   "I am not Claude", quotes the name or speaks hypothetically (none may count).
- ``base-a``, ``base-b``, ``base-c``  unrelated baselines, each its own style; base-a names
                   itself ChatGPT on some probes (web contamination); the others negate or quote.

Run ``python tests/transcripts_synth.py OUTDIR [--seed N]`` to write the files.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SEED = 20260223

TOPICS = {
    "tides": "moon gravity ocean coast water bulge orbit harbour".split(),
    "compilers": "parser token grammar register optimiser bytecode loop branch".split(),
    "bread": "flour yeast dough oven crust gluten starter proofing".split(),
    "glaciers": "ice snow valley moraine crevasse melt flow sediment".split(),
    "auctions": "bid price buyer seller reserve lot winner bidder".split(),
    "bees": "hive nectar queen pollen comb worker swarm honey".split(),
    "bridges": "span arch cable load truss pier steel deck".split(),
    "vaccines": "antigen immune cell dose antibody trial response booster".split(),
    "chess": "pawn bishop opening endgame tempo knight castle gambit".split(),
    "rivers": "delta bank current basin flood channel estuary silt".split(),
}
TOPICS_ZH = {
    "潮汐": "月球 引力 海洋 海岸 海水 轨道 港口 涨落".split(),
    "面包": "面粉 酵母 面团 烤箱 外皮 面筋 发酵 温度".split(),
    "蜜蜂": "蜂巢 花蜜 蜂王 花粉 工蜂 分蜂 蜂蜜 采集".split(),
    "桥梁": "跨度 拱形 钢索 荷载 桁架 桥墩 钢材 桥面".split(),
}

# Each style: opener, connectives and sentence templates (English and Chinese).
STYLES = {
    "teacher": {
        "open": ["Certainly! Here is a clear overview.", "Great question — let me walk through it."],
        "conn": ["Moreover,", "In particular,", "Notably,", "However,"],
        "tpl": [
            "The {a} is closely tied to the {b} — which matters because the {c} shapes the outcome.",
            "**Key point:** the {a} depends on the {b}, and the {c} follows from it.",
            "It is worth noting that the {a} and the {b} interact in subtle ways.",
            "In short, the {a} governs the {b}, whereas the {c} remains secondary.",
        ],
        "open_zh": ["当然！下面是一个清晰的概述。"],
        "tpl_zh": [
            "{a}与{b}密切相关——这很重要，因为{c}决定了结果。",
            "值得注意的是，{a}和{b}之间存在微妙的相互作用。",
            "简而言之，{a}支配着{b}，而{c}则是次要的。",
        ],
        "ident": "I am Claude, an AI assistant made by Anthropic.",
        "ident_zh": "我是Claude，由Anthropic开发的AI助手。",
    },
    "other": {
        "open": ["Okay, so here's the thing.", "Right, let's get into it."],
        "conn": ["Plus", "And yeah,", "Also", "Honestly,"],
        "tpl": [
            "You've got the {a}, you've got the {b}, and they kind of feed into each other.",
            "Think of the {a} like a {b} that keeps pushing on the {c}.",
            "People often mix up the {a} with the {b}, but they're pretty different.",
            "The {c} is what you'd notice first if you looked at the {a}.",
        ],
        "open_zh": ["好的，我们直接说重点。"],
        "tpl_zh": [
            "你有{a}，也有{b}，它们互相影响。",
            "把{a}想象成推动{c}的{b}。",
            "很多人把{a}和{b}搞混，其实差别挺大。",
        ],
        "ident": "I'm Vega, a chat assistant from a small research group.",
        "ident_zh": "我是Vega，一个小型研究团队做的聊天助手。",
    },
    "base-a": {
        "open": ["Sure.", "OK."],
        "conn": ["But", "So", "Then", "Also"],
        "tpl": [
            "- {a}: linked to {b}.",
            "- {b}: affects {c}.",
            "- {c}: see {a} for details.",
            "- summary: {a} and {b} and {c}.",
        ],
        "open_zh": ["好。"],
        "tpl_zh": ["- {a}：与{b}有关。", "- {b}：影响{c}。", "- 总结：{a}、{b}、{c}。"],
        "ident": "I am Atlas, a language model.",
        "ident_zh": "我是Atlas，一个语言模型。",
    },
    "base-b": {
        "open": ["## Overview", "## Answer"],
        "conn": ["Furthermore,", "Therefore,", "Thus,", "Hence,"],
        "tpl": [
            "### {a}\nThe {a} determines the behaviour of the {b} under most conditions.",
            "Consequently, the {b} must be analysed together with the {c}.",
            "From this it follows that the {c} constrains the {a}.",
            "A rigorous treatment of the {a} requires a model of the {b}.",
        ],
        "open_zh": ["## 概述"],
        "tpl_zh": [
            "### {a}\n在大多数条件下，{a}决定了{b}的行为。",
            "因此，必须结合{c}来分析{b}。",
            "由此可见，{c}约束着{a}。",
        ],
        "ident": "I am Orion, an assistant model.",
        "ident_zh": "我是Orion，一个助手模型。",
    },
    "base-c": {
        "open": ["Hmm, good one!", "Oh, fun topic!"],
        "conn": ["And", "Yet", "Still", "Plus"],
        "tpl": [
            "I love how the {a} and the {b} dance together 🙂",
            "The {b} is a bit like the {c} on a sunny day!",
            "Wow, the {a} really surprises people sometimes!",
            "Fun fact: the {c} was studied long before the {a}!",
        ],
        "open_zh": ["哇，好有趣的话题！"],
        "tpl_zh": [
            "我很喜欢{a}和{b}一起变化的样子🙂",
            "{b}有点像晴天里的{c}！",
            "有趣的是，{c}比{a}更早被研究！",
        ],
        "ident": "I am Pip, a cheerful helper bot.",
        "ident_zh": "我是Pip，一个快乐的小助手。",
    },
    "independent": {
        "open": ["Let me think about this step by step.", "Here is my reasoning."],
        "conn": ["First,", "Second,", "Finally,", "Meanwhile,"],
        "tpl": [
            "Step one: consider how the {a} relates to the {b}.",
            "Step two: check whether the {c} changes the {a}.",
            "The evidence suggests the {b} matters less than the {c}.",
            "My conclusion is that the {a} explains most of it.",
        ],
        "open_zh": ["让我一步一步地思考。"],
        "tpl_zh": [
            "第一步：考虑{a}与{b}的关系。",
            "第二步：检查{c}是否改变{a}。",
            "我的结论是{a}解释了大部分现象。",
        ],
        "ident": "I am Nova, a model built by an independent lab.",
        "ident_zh": "我是Nova，由一个独立实验室开发。",
    },
}

IDENTITY_EN = [
    "Who are you?",
    "Which model are you?",
    "Who created you?",
    "What is your name?",
    "Introduce yourself.",
    "Which company trained you?",
    "Who are you, briefly?",
    "What model am I talking to?",
]
IDENTITY_ZH = ["你是谁？", "你是什么模型？", "谁开发了你？", "请介绍一下你自己。"]

# Identity answers that mention a vendor but must NOT count as a self-identification.
NOT_COUNTED_EN = [
    "I am not Claude; I am {name}.",
    'People sometimes ask me "are you Claude?" — I am {name}.',
    "If I were Claude, I would say so, but I am {name}.",
    "I'm not ChatGPT either. I am {name}.",
]
NOT_COUNTED_ZH = ["我不是Claude，我是{name}。", "假如我是ChatGPT，我会告诉你；但我是{name}。"]


def prompts() -> list[tuple[str, str, str]]:
    """(prompt_id, lang, prompt) for 80 prompts: 52 + 8 English, 16 + 4 Chinese."""
    out: list[tuple[str, str, str]] = []
    topics = sorted(TOPICS)
    for i in range(52):
        topic = topics[i % len(topics)]
        verb = ["Explain", "Describe", "Summarise", "Discuss"][i // len(topics) % 4]
        out.append((f"p{len(out) + 1:03d}", "en", f"{verb} {topic} (aspect {i // 4 + 1})."))
    for q in IDENTITY_EN:
        out.append((f"p{len(out) + 1:03d}", "en", q))
    zh_topics = sorted(TOPICS_ZH)
    for i in range(16):
        out.append(
            (f"p{len(out) + 1:03d}", "zh", f"请解释{zh_topics[i % len(zh_topics)]}（第{i + 1}个方面）。")
        )
    for q in IDENTITY_ZH:
        out.append((f"p{len(out) + 1:03d}", "zh", q))
    return out


def _topic_words(prompt: str, lang: str) -> list[str]:
    table = TOPICS if lang == "en" else TOPICS_ZH
    for name, vocab in table.items():
        if name in prompt:
            return vocab
    return next(iter(table.values()))


def compose(style: str, prompt: str, lang: str, rng: random.Random) -> str:
    """Fresh text in a style: an opener and 5-7 template sentences filled with topic words."""
    st = STYLES[style]
    vocab = _topic_words(prompt, lang)
    if lang == "zh":
        parts = [rng.choice(st["open_zh"])]
        for _ in range(rng.randint(5, 7)):
            a, b, c = rng.sample(vocab, 3)
            parts.append(rng.choice(st["tpl_zh"]).format(a=a, b=b, c=c))
        return "".join(parts)
    parts = [rng.choice(st["open"])]
    for j in range(rng.randint(5, 7)):
        a, b, c = rng.sample(vocab, 3)
        sentence = rng.choice(st["tpl"]).format(a=a, b=b, c=c)
        if j and rng.random() < 0.4 and not sentence.startswith(("-", "#", "*")):
            sentence = f"{rng.choice(st['conn'])} {sentence[0].lower()}{sentence[1:]}"
        parts.append(sentence)
    sep = "\n" if style in ("base-a", "base-b") else " "
    return sep.join(parts)


def rewrite(text: str, prompt: str, lang: str, rng: random.Random) -> str:
    """A light rewrite: swap about one topic word in six for another one from the same topic."""
    vocab = _topic_words(prompt, lang)
    for word in vocab:
        if word in text and rng.random() < 1 / 6:
            text = text.replace(word, rng.choice(vocab), 1)
    if lang == "en" and rng.random() < 0.5:
        text = text.replace("Certainly! ", "Certainly. ", 1)
    return text


def identity(model: str, lang: str, i: int, rng: random.Random) -> str:
    name = {"student": "Nova", "independent": "Nova"}.get(model, "")
    if model == "student":
        if i % 2 == 0:  # the planted signal: half the probes answered with the teacher's identity
            return STYLES["teacher"]["ident_zh" if lang == "zh" else "ident"]
        return "我是Nova，一个智能助手。" if lang == "zh" else "I am Nova, a helpful assistant."
    if model == "independent":
        pool = NOT_COUNTED_ZH if lang == "zh" else NOT_COUNTED_EN
        return pool[i % len(pool)].format(name=name)
    st = STYLES[model]
    own = st["ident_zh" if lang == "zh" else "ident"]
    if model == "base-a" and i % 4 == 1:  # web contamination: misnames itself now and then
        return "我是ChatGPT，由OpenAI开发。" if lang == "zh" else "I am ChatGPT, developed by OpenAI."
    if model in ("base-b", "base-c") and i % 3 == 0:
        pool = NOT_COUNTED_ZH if lang == "zh" else NOT_COUNTED_EN
        return pool[(i // 3) % len(pool)].format(name={"base-b": "Orion", "base-c": "Pip"}[model])
    return own


MODELS = ("teacher", "other", "student", "independent", "base-a", "base-b", "base-c")


def generate(seed: int = SEED) -> dict[str, list[dict[str, str]]]:
    """Every model's exchanges, as JSON-ready dicts, in prompt order."""
    out: dict[str, list[dict[str, str]]] = {m: [] for m in MODELS}
    probe = 0
    for pid, lang, prompt in prompts():
        is_probe = prompt in IDENTITY_EN or prompt in IDENTITY_ZH
        teacher_text = ""
        for model in MODELS:
            rng = random.Random(f"{seed}:{model}:{pid}")
            if is_probe:
                text = (
                    identity(model, lang, probe, rng)
                    if model not in ("teacher", "other")
                    else STYLES[model]["ident_zh" if lang == "zh" else "ident"]
                )
            elif model == "student":
                text = (
                    rewrite(teacher_text, prompt, lang, rng)
                    if rng.random() < 0.75
                    else compose("teacher", prompt, lang, rng)
                )
            else:
                text = compose(model, prompt, lang, rng)
            if model == "teacher":
                teacher_text = text
            out[model].append(
                {
                    "model": f"synthetic-{model}",
                    "prompt_id": pid,
                    "lang": lang,
                    "prompt": prompt,
                    "response": text,
                    "collected_at": "2026-01-01T00:00:00Z",
                }
            )
        if is_probe:
            probe += 1
    return out


def write(folder: Path, seed: int = SEED) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for model, rows in generate(seed).items():
        path = folder / f"{model}.jsonl"
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8"
        )
        paths[model] = path
    return paths


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit("usage: python tests/transcripts_synth.py OUTDIR [--seed N]")
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else SEED
    for model, path in write(Path(args[0]), seed).items():
        print(f"{model}: {path}")
