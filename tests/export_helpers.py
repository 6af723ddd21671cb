"""Helpers for the export tests: the small KB loaded with its graph, and record edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.graph.build import build_graph
from kb.loading import KnowledgeBase, load

INCIDENT = "2026-02-23-anthropic-claude-distillation"


def loaded(root: Path) -> tuple[KnowledgeBase, Any]:
    kb = load(root)
    return kb, build_graph(kb)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def rename_minimax(root: Path) -> None:
    """Give minimax a former id, as `kb mv mini-max minimax` would."""
    edit(root, "actors/minimax.yaml", "id: minimax\n", "id: minimax\nformer_ids: [mini-max]\n")


def withdraw_deepseek(root: Path) -> None:
    edit(root, "actors/deepseek.yaml", "id: deepseek\n",
         "id: deepseek\nwithdrawn:\n  date: '2026-11-30'\n  reason: A test withdrawal.\n")
