"""Time `kb evidence verify` on N synthetic captures (default 1,000).

    .venv/bin/python benchmarks/bench_evidence_verify.py [N] [--keep DIR]

Builds a copy of the small test KB with N distinct captures (each a ~6 KB page in a WARC) and
a custody log of N entries, then times: reading the log, the default verify (hash every file),
the deep verify (also open every WARC and re-hash the page), and the CLI end to end.
Reports medians of 3 runs; numbers on shared machines are noisy.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kb.evidence.manifest import HEADER, Entry, digest, read_manifest  # noqa: E402
from kb.evidence.store import build_warc, sha256_bytes, store  # noqa: E402
from kb.evidence.verify import verify  # noqa: E402
from kb.loading import load  # noqa: E402
from kb.yamlio.emit import block_item  # noqa: E402


def build(root: Path, n: int) -> None:
    shutil.copytree(REPO / "tests/fixtures/small_kb", root)
    chunks = [HEADER]
    prev = None
    filler = b"lorem ipsum dolor sit amet " * 220
    for i in range(n):
        body = b"<html><body><p>page %d</p>" % i + filler + b"</body></html>"
        url = f"https://example.org/page/{i}"
        at = "2026-11-29T12:00:00Z"
        sha = sha256_bytes(body)
        stored = store(root, sha, build_warc(url=url, at=at, status=200, reason="OK",
                                             http_version="HTTP/1.1",
                                             headers=[("Content-Type", "text/html")], body=body,
                                             tool="bench"))
        entry = Entry(seq=i + 1, at=at, action="capture", url=url, final_url=url, redirects=(),
                      status=200, content_type="text/html", size=len(body), sha256=sha,
                      warc=stored.warc, warc_sha256=stored.warc_sha256, stored=True,
                      tool="bench", record=None, evidence=None, prev=prev)
        mapping = entry.as_mapping()
        chunks.append(block_item(mapping))
        prev = digest(mapping)
    (root / "evidence/manifest.yaml").write_text("".join(chunks), "utf-8")


def median_time(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        start = time.perf_counter()
        build(root, n)
        print(f"built {n} captures in {time.perf_counter() - start:.1f} s "
              f"(log {(root / 'evidence/manifest.yaml').stat().st_size / 1e6:.2f} MB)")
        kb = load(root)
        report = verify(root, kb)
        assert report.ok and len(report.verified) == n, report.diagnostics[:3]
        print(f"read custody log:  {median_time(lambda: read_manifest(root)) * 1000:7.0f} ms")
        print(f"verify (default):  {median_time(lambda: verify(root, kb)) * 1000:7.0f} ms")
        print(f"verify --deep:     {median_time(lambda: verify(root, kb, deep=True)) * 1000:7.0f} ms")
        cli = [str(REPO / ".venv/bin/kb"), "evidence", "verify", "--root", str(root)]
        t = median_time(lambda: subprocess.run(cli, check=False, capture_output=True))
        print(f"kb evidence verify (CLI, end to end): {t * 1000:7.0f} ms")
        if "--keep" in sys.argv:
            dest = Path(sys.argv[sys.argv.index("--keep") + 1])
            shutil.copytree(root, dest)


if __name__ == "__main__":
    main()
