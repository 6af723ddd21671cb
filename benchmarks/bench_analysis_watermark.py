"""Watermark scoring throughput (tokens per second) on about 10 MB of text.

    .venv/bin/python benchmarks/bench_analysis_watermark.py [MEGABYTES]

Generates unwatermarked text from the simulation's bigram model (seeded), then times
`Scorer.score` on the whole corpus with de-duplication (each distinct pair hashed once) and
tokenization included. Reports the median of 3 runs; shared machines are noisy.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.analysis.simulate import base_model, corpus, random_scheme
from kb.analysis.tokenizer import WordTokenizer
from kb.analysis.watermark import Scorer


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    rng = random.Random(1)
    base = base_model(rng, 20000, 60)
    texts: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        batch = corpus(base, rng, 200, 200)
        texts += batch
        size += sum(len(t) + 1 for t in batch)
    tokens = sum(len(WordTokenizer().tokens(t)) for t in texts)
    times = []
    for _ in range(3):
        scorer = Scorer(random_scheme(rng), WordTokenizer())
        start = time.perf_counter()
        score = scorer.score(texts, forget=True)
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    print(f"{size / 1e6:.1f} MB, {len(texts)} texts, {tokens} tokens, {score.scored} distinct pairs scored")
    print(f"median {t:.2f} s over 3 runs: {tokens / t:,.0f} tokens/s ({size / 1e6 / t:.2f} MB/s)")


if __name__ == "__main__":
    main()
