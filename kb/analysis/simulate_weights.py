"""Small synthetic safetensors checkpoints with known lineage (needs the `weights` extra).

All models share one architecture and one layer-wise scale schedule (deeper layers a little
wider, per-projection factors), as real models of one family share initialisation and training
recipes; each has its own random jitter around it. That is why unrelated models' per-layer
standard deviations correlate strongly, as in the Pangu-team rebuttal. The *student* is the
teacher plus small noise (a fine-tuned derivative); every other model is drawn independently.
"""

from __future__ import annotations

import zlib
from typing import Any

from kb.analysis.tokenizer import MissingExtra

try:
    import numpy as np
    from safetensors.numpy import save
except ImportError:
    raise MissingExtra(
        "synthetic checkpoints need numpy and safetensors: pip install 'distillation-kb[weights]'"
    ) from None

LAYERS = 12
WIDTH = 48
PROJECTIONS = {"q_proj": 1.0, "k_proj": 1.1, "v_proj": 0.8, "o_proj": 0.7}
REFERENCES = 8


def _rng(seed: int, name: str) -> Any:
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def fresh(seed: int, name: str, layers: int = LAYERS, width: int = WIDTH) -> dict[str, Any]:
    """An independently drawn model: the shared schedule, its own jitter and its own weights."""
    rng = _rng(seed, name)
    tensors = {}
    for layer in range(layers):
        depth = 1 + 0.6 * layer / max(1, layers - 1)
        for proj, factor in PROJECTIONS.items():
            sd = 0.02 * depth * factor * (1 + 0.08 * rng.standard_normal())
            tensors[f"model.layers.{layer}.self_attn.{proj}.weight"] = (
                rng.standard_normal((width, width)) * sd
            ).astype(np.float32)
        tensors[f"model.layers.{layer}.input_layernorm.weight"] = (
            1 + 0.05 * rng.standard_normal(width)
        ).astype(np.float32)
    return tensors


def finetuned(parent: dict[str, Any], seed: int, name: str, noise: float = 0.25) -> dict[str, Any]:
    """The parent plus Gaussian noise of `noise` times each tensor's own standard deviation."""
    rng = _rng(seed, name)
    return {
        k: (v + rng.standard_normal(v.shape) * noise * float(v.std())).astype(np.float32)
        for k, v in parent.items()
    }


def checkpoints(seed: int) -> dict[str, bytes]:
    """The worked example's checkpoints as {relative path: safetensors bytes}."""
    teacher = fresh(seed, "teacher")
    models = {
        "teacher": teacher,
        "student": finetuned(teacher, seed, "student"),
        "independent": fresh(seed, "independent"),
    }
    models.update({f"ref-{i}": fresh(seed, f"ref-{i}") for i in range(1, REFERENCES + 1)})
    return {f"weights/{name}.safetensors": save(t) for name, t in models.items()}
