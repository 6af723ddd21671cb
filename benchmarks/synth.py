"""Deterministic synthetic knowledge base for benchmarks.

`generate(root, n_incidents, seed)` writes a KB that passes `kb validate`, in realistic
proportions: one actor per 5 incidents, one model per 4, one policy per 20; each incident has
1-3 claims, 2-4 evidence items, responses for every accused party, and is about 2 KB of YAML.
Evidence items cite source records (sources/): about half of them cite a source shared with
other incidents (a pool of one source per 4 incidents: wire stories, the parties' own posts),
the rest a source of their own; one source in 10 relays a pool source, and a party's own
posts name it in `by`. At 10,000 incidents that is about 17,500 source files.

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
            f"evidence:\n  - id: e1\n    source: gov-policy-{i:05d}\n")


def _source(sid: str, url: str, publisher: str, kind: str, reliability: str, date: str,
            by: str | None = None, relays: str | None = None) -> str:
    lines = [f"id: {sid}", f"url: {url}", f"title: Synthetic story {sid}", f"publisher: {publisher}"]
    if by:
        lines.append(f"by: {by}")
    lines += [f"published: '{date}'", f"kind: {kind}", f"reliability: {reliability}"]
    if by:
        lines.append("first_hand: true")
    if relays:
        lines.append(f"relays: [{relays}]")
    return "\n".join(lines) + "\n"


class Sources:
    """Source records as incidents cite them: a shared pool, and one-off sources."""

    def __init__(self, root: Path, rng: random.Random, n_pool: int, n_actors: int) -> None:
        self.root, self.rng, self.n_pool, self.n_actors = root, rng, n_pool, n_actors
        self.next_shared = 0

    def write(self, sid: str, text: str) -> None:
        (self.root / "sources" / f"{sid}.yaml").write_text(text, "utf-8")

    def pool(self) -> None:
        for p in range(self.n_pool):
            by = f"actor-{p % self.n_actors:05d}" if p % 3 == 0 else None
            self.write(f"wire-{p:05d}", _source(
                f"wire-{p:05d}", f"https://wire{p % 9}.example/{p}/story", f"Wire {p % 9}",
                "primary-statement" if by else "news", "B", f"2025-{1 + p % 12:02d}-01", by))

    def cite(self, i: int, e: int) -> str:
        """The source id evidence item ``e`` of incident ``i`` cites."""
        if self.rng.random() < 0.5:
            sid = f"wire-{self.next_shared % self.n_pool:05d}"
            self.next_shared += 1
            return sid
        sid = f"story-{i:05d}-{e}"
        relays = f"wire-{self.rng.randrange(self.n_pool):05d}" if self.rng.random() < 0.1 else None
        self.write(sid, _source(sid, f"https://news{e}.example/{i}/story-{e}", f"Outlet {e}",
                                self.rng.choice(EV_KINDS[:3]), "ABCF"[e % 4],
                                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", relays=relays))
        return sid


def _incident(i: int, rng: random.Random, n_actors: int, n_models: int, n_policies: int,
              sources: Sources) -> str:
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
        f"date: '2025-{1 + i % 12:02d}-{1 + i % 28:02d}'",
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
            f"    stated_on: '2025-{1 + i % 12:02d}-{1 + i % 28:02d}'",
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
    cited = list(dict.fromkeys(sources.cite(i, e) for e in range(n_ev)))
    while len(cited) < n_ev:  # one pool source drawn twice: cite a story of its own instead
        cited.append(sources.cite(i, len(cited) + 10))
        cited = list(dict.fromkeys(cited))
    for e, sid in enumerate(cited):
        lines += [f"  - id: e{e + 1}", f"    source: {sid}"]
    if n_policies and i % 20 == 0:
        lines.append(f"policies: [policy-{i // 20 % n_policies:05d}]")
    lines.append("last_reviewed: '2026-11-29'")
    return "\n".join(lines) + "\n"


def generate(root: Path, n_incidents: int, seed: int = 0) -> Path:
    """Write a synthetic KB of ``n_incidents`` incidents under ``root``; return root."""
    rng = random.Random(seed)
    n_actors = max(10, n_incidents // 5)
    n_models = max(10, n_incidents // 4)
    n_policies = max(1, n_incidents // 20)
    n_pool = max(10, n_incidents // 4)
    for folder in ("incidents", "actors", "models", "policies", "sources"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    sources = Sources(root, rng, n_pool, n_actors)
    sources.pool()
    for i in range(n_actors):
        (root / "actors" / f"actor-{i:05d}.yaml").write_text(_actor(i), "utf-8")
    for i in range(n_models):
        (root / "models" / f"model-{i:05d}.yaml").write_text(_model(i, n_actors), "utf-8")
    for i in range(n_policies):
        (root / "policies" / f"policy-{i:05d}.yaml").write_text(_policy(i, n_incidents), "utf-8")
        sources.write(f"gov-policy-{i:05d}", _source(
            f"gov-policy-{i:05d}", f"https://gov.example/policy/{i}", f"Gov {i % 7}",
            "government-document", "A", f"2026-04-{1 + i % 28:02d}", by=f"actor-{i:05d}"))
    for i in range(n_incidents):
        text = _incident(i, rng, n_actors, n_models, n_policies, sources)
        (root / "incidents" / f"incident-{i:05d}.yaml").write_text(text, "utf-8")
    return root


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
