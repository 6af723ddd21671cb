"""Radioactivity power curve on the simulation: detection rate against the watermarked fraction.

    .venv/bin/python benchmarks/bench_analysis_power.py [TRIALS]

For each fraction of the student's training text that the teacher watermarked, runs TRIALS
seeded simulations (default 20) at the default sizes of `radioactivity_trial` (60k training
tokens, 20k output tokens scored, vocabulary 4,000) and reports how often the student is
detected at p < 1e-3 and at p < 0.05, the median log10 p, and the independent model's
false-positive rate at p < 0.05.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.analysis.simulate import radioactivity_trial

FRACTIONS = (0.0, 0.005, 0.01, 0.02, 0.05, 0.10, 0.20, 0.50)


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print("| watermarked fraction | detected at p < 1e-3 | detected at p < 0.05 | median log10 p (student) "
          "| independent model p < 0.05 |")
    print("|---|---|---|---|---|")
    for f in FRACTIONS:
        rs = [radioactivity_trial(f, seed) for seed in range(trials)]
        strict = sum(r.student_log10_p < -3 for r in rs) / trials
        loose = sum(r.student_log10_p < -1.30103 for r in rs) / trials
        fp = sum(r.independent_log10_p < -1.30103 for r in rs) / trials
        med = statistics.median(r.student_log10_p for r in rs)
        print(f"| {f:.3f} | {strict:.2f} | {loose:.2f} | {med:.1f} | {fp:.2f} |")


if __name__ == "__main__":
    main()
