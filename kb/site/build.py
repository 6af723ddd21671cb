"""`kb build`: validate, render pages, write the changed ones, run the MkDocs build in strict mode.

The core returns a :class:`BuildResult` with diagnostics; it never prints or exits.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb.diagnostics import Diagnostic
from kb.site.context import GENERATED, SiteOptions
from kb.site.nav import NAV_FILE, handwritten_pages, nav_yaml
from kb.site.output import check_output, claim_output
from kb.site.writer import WriteResult, write_tree

_WARNING = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
_NOT_IN_NAV = "The following pages exist in the docs directory, but are not included"


@dataclass
class GenerateResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: WriteResult | None = None
    pages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass
class BuildResult:
    generate: GenerateResult
    diagnostics: list[Diagnostic] = field(default_factory=list)
    returncode: int | None = None
    log: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.generate.ok and self.returncode == 0 and not any(
            d.severity == "error" for d in self.diagnostics)


def generate(root: Path, options: SiteOptions | None = None, *, docs: Path | None = None,
             check_kb: bool = True) -> GenerateResult:
    """Load and validate the KB, render every page and write the changed ones into docs/."""
    from kb.loading import load_kb
    from kb.site import render_site
    from kb.site.assets import MissingAssets, vendored_files
    from kb.validation import check

    started = time.perf_counter()
    result = GenerateResult()
    if check_kb:
        report = check(root)  # the same checks as `kb validate`
        if report.errors:
            result.diagnostics.append(Diagnostic(
                ".", "KB701", f"the knowledge base has {report.errors} error"
                f"{'s' * (report.errors != 1)}; the site was not built",
                hint="run `kb validate` and fix them"))
            return result
    kb = load_kb(root)
    options = options or SiteOptions()
    if not options.verified:
        from kb.evidence.verify import verify

        # Computed once per build: which captures are intact, for "captured and hash-verified".
        options = replace(options, verified=frozenset(verify(root, kb).verified))
    files: dict[str, str | bytes] = dict(render_site(kb, options))
    try:
        files.update(vendored_files(_repo_of(root)))
    except MissingAssets as exc:
        result.diagnostics.extend(Diagnostic(
            path, "KB702", "vendored JavaScript is missing", hint="run `bash scripts/setup.sh` "
            "(npm ci) first") for path in exc.missing)
        return result
    docs_dir = docs or root / "docs"
    generated = docs_dir / GENERATED
    if generated.is_symlink() or not generated.resolve().is_relative_to(docs_dir.resolve()):
        # Stale pages are pruned from this folder: it must not lead anywhere else.
        result.diagnostics.append(Diagnostic(
            f"docs/{GENERATED}", "KB705", "the generated-pages folder is a symbolic link",
            hint=f"delete docs/{GENERATED} (kb build recreates it); it must be a real folder"))
        return result
    files[NAV_FILE] = nav_yaml(handwritten_pages(docs_dir))
    result.written = write_tree(docs_dir, GENERATED, files)
    result.pages = sum(1 for p in files if p.endswith(".md"))
    result.seconds = time.perf_counter() - started
    return result


def _repo_of(root: Path) -> Path:
    """Where node_modules/ is: the KB root, or the repository the kb package runs from."""
    if (root / "node_modules").is_dir():
        return root
    return Path(__file__).resolve().parents[2]


def mkdocs_command(config: Path, out: Path, *, strict: bool = True) -> list[str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(out), "--clean"]
    return [*cmd, "--strict"] if strict else cmd  # never -q: quiet mode hides strict warnings


def run_mkdocs(config: Path, out: Path, *, strict: bool = True) -> tuple[int, str, list[Diagnostic]]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(mkdocs_command(config, out, strict=strict), capture_output=True,
                          text=True, env=env, check=False, cwd=config.parent)
    log = proc.stdout + proc.stderr
    return proc.returncode, log, parse_log(log, config.parent)


def parse_log(log: str, root: Path) -> list[Diagnostic]:
    """Turn MkDocs warnings into KB703 diagnostics and nav omissions into KB704."""
    diags: list[Diagnostic] = []
    lines = log.splitlines()
    for i, line in enumerate(lines):
        match = _WARNING.match(line.strip())
        if match:
            diags.append(Diagnostic("mkdocs.yml", "KB703", match.group(2)))
        elif _NOT_IN_NAV in line:
            for follow in lines[i + 1:]:
                name = follow.strip().removeprefix("- ").strip()
                if not follow.strip().startswith("- "):
                    break
                diags.append(Diagnostic(f"docs/{name}", "KB704", "page is not in the navigation",
                                        hint="add it to `nav:` in mkdocs.yml", severity="warning"))
    return diags


def build(root: Path, out: Path, options: SiteOptions | None = None, *,
          config: Path | None = None, strict: bool = True) -> BuildResult:
    """Generate the pages, then run the MkDocs build into ``out``.

    Raises :class:`kb.site.output.UnsafeOutput` before doing anything when ``out`` is a
    folder the build must not empty (see :mod:`kb.site.output`).
    """
    started = time.perf_counter()
    real_out = check_output(out, root)
    gen = generate(root, options)
    result = BuildResult(gen)
    if not gen.ok:
        return result
    cfg = config or root / "mkdocs.yml"
    claim_output(real_out)
    result.returncode, result.log, result.diagnostics = run_mkdocs(cfg, real_out, strict=strict)
    if result.returncode == 0:
        from kb.site.assets import fix_404

        fix_404(real_out)  # styled when opened from disk too
    if result.returncode != 0 and not any(d.code == "KB703" for d in result.diagnostics):
        tail = result.log.strip().splitlines()[-1:] or ["(no output)"]
        result.diagnostics.append(Diagnostic("mkdocs.yml", "KB703", f"MkDocs failed: {tail[0]}"))
    result.seconds = time.perf_counter() - started
    return result
