"""Deterministic synthetic knowledge base for benchmarks.

`generate(root, n_incidents, seed)` writes a KB that passes `kb validate`, in realistic
proportions: one actor per 5 incidents, one model per 4, one policy per 20; each incident has
1-3 claims, 2-4 evidence items, responses for every accused party, and is about 2 KB of YAML.

Run: python -m benchmarks.synth OUT_DIR N
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PREDICATES = ("distilled-from", "trained-on-outputs-of", "extracted-outputs-from")
STATUSES = ("alleged", "alleged", "alleged", "disputed", "corroborated", "denied")
EV_KINDS = ("news", "news", "analysis", "primary-statement", "technical-report")
STANCES = ("no-response-found", "denied", "declined-to-comment", "did-not-respond")
WORDS = ("model", "outputs", "accounts", "proxy", "campaign", "traffic", "reasoning", "api",
         "access", "terms", "training", "queries", "evidence", "provider", "detection")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _actor(i: int) -> str:
    jur = ("US", "CN", "GB", "FR", "NO")[i % 5]
    return (f"id: actor-{i:05d}\nname: Synthetic Lab {i}\nkind: company\n"
            f"jurisdiction: ['{jur}']\nsummary: A synthetic actor for benchmarks.\n")


def _model(i: int, n_actors: int) -> str:
    year = 2020 + i % 6
    return (f"id: model-{i:05d}\nname: Synthetic Model {i}\ndeveloper: actor-{i % n_actors:05d}\n"
            f"released: '{year}-{1 + i % 12:02d}'\naccess: api\n")


def _policy(i: int, n_incidents: int) -> str:
    return (f"id: policy-{i:05d}\ntitle: Synthetic policy {i}\nkind: memo\njurisdiction: US\n"
            f"issued_by: [actor-{i:05d}]\ndate: '2026-04-{1 + i % 28:02d}'\nstatus: issued\n"
            f"summary: A synthetic policy.\nprompted_by: [incident-{i * 20 % n_incidents:05d}]\n"
            f"evidence:\n  - id: e1\n    url: https://gov.example/policy/{i}\n"
            f"    publisher: Gov {i % 7}\n    kind: government-document\n    reliability: A\n"
            f"    first_hand: true\n")


def _incident(i: int, rng: random.Random, n_actors: int, n_models: int, n_policies: int) -> str:
    accuser = rng.randrange(n_actors)
    n_claims = rng.randint(1, 3)
    n_ev = rng.randint(2, 4)
    accused = sorted({rng.randrange(n_actors) for _ in range(n_claims)} - {accuser}) or [
        (accuser + 1) % n_actors]
    teacher = rng.randrange(n_models)
    lines = [
        f"# Synthetic incident {i}",
        f"id: incident-{i:05d}",
        f"title: Synthetic allegation {i} about distillation through proxy accounts",
        "kind: allegation",
        f"date: '2026-{1 + i % 12:02d}-{1 + i % 28:02d}'",
        "summary: |",
        f"  {_sentence(rng, 16)}",
        "tags: [distillation, synthetic]",
        "actors:",
        f"  - {{actor: actor-{accuser:05d}, role: accuser}}",
        *[f"  - {{actor: actor-{a:05d}, role: accused}}" for a in accused],
        f"models: [model-{teacher:05d}]",
        "claims:",
    ]
    for c in range(n_claims):
        subject = accused[c % len(accused)]
        status = rng.choice(STATUSES)
        lines += [
            f"  - id: c{c + 1}",
            f"    claimant: actor-{accuser:05d}",
            f"    subject: actor-{subject:05d}",
            f"    predicate: {rng.choice(PREDICATES)}",
            f"    object: model-{teacher:05d}",
            f"    status: {status}",
            f"    stated_on: '2026-{1 + i % 12:02d}-{1 + i % 28:02d}'",
            f"    statement: {_sentence(rng, 10)}",
            "    figures:",
            f"      - {{name: exchanges, value: {rng.randrange(1000, 10**7)}, unit: exchanges, "
            f"qualifier: over, evidence: [e1]}}",
            "    evidence:",
            f"      - {{ref: e{1 + c % n_ev}, stance: supports}}",
        ]
    lines.append("responses:")
    for a in accused:
        lines += [
            f"  - party: actor-{a:05d}",
            f"    stance: {rng.choice(STANCES)}",
            "    date: '2026-11-29'",
            f"    summary: {_sentence(rng, 10)}",
        ]
    lines.append("evidence:")
    for e in range(n_ev):
        kind = rng.choice(EV_KINDS)
        lines += [
            f"  - id: e{e + 1}",
            f"    url: https://news{e}.example/{i}/story-{e}",
            f"    publisher: Outlet {e}",
            f"    published: '2026-{1 + i % 12:02d}-{1 + i % 28:02d}'",
            f"    kind: {kind}",
            f"    reliability: {'ABCF'[e % 4]}",
        ]
    if n_policies and i % 20 == 0:
        lines.append(f"policies: [policy-{i // 20 % n_policies:05d}]")
    lines.append("sources_reviewed_up_to: '2026-11-29'")
    return "\n".join(lines) + "\n"


def generate(root: Path, n_incidents: int, seed: int = 0) -> Path:
    """Write a synthetic KB of ``n_incidents`` incidents under ``root``; return root."""
    rng = random.Random(seed)
    n_actors = max(10, n_incidents // 5)
    n_models = max(10, n_incidents // 4)
    n_policies = max(1, n_incidents // 20)
    for folder in ("incidents", "actors", "models", "policies"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for i in range(n_actors):
        (root / "actors" / f"actor-{i:05d}.yaml").write_text(_actor(i), "utf-8")
    for i in range(n_models):
        (root / "models" / f"model-{i:05d}.yaml").write_text(_model(i, n_actors), "utf-8")
    for i in range(n_policies):
        (root / "policies" / f"policy-{i:05d}.yaml").write_text(_policy(i, n_incidents), "utf-8")
    for i in range(n_incidents):
        text = _incident(i, rng, n_actors, n_models, n_policies)
        (root / "incidents" / f"incident-{i:05d}.yaml").write_text(text, "utf-8")
    return root


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
