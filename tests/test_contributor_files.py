"""The contributor-facing files: GitHub workflows, issue forms, PR template, CODEOWNERS, editor
settings, pre-commit hooks, the generated CLI reference. GitHub itself cannot run here, so
these tests check what can be checked: the files parse, actions are pinned, permissions are
least, and every `kb` command a workflow or hook runs exists and accepts its options (the
offline ones are run against the repository)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kb.cli import app
from kb.cli.reference import cli_page, contributing_page
from kb.records import KINDS
from kb.records.vocab import IncidentKind
from kb.yamlio.reader import parse_text

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
SHA = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
#: Offline commands that only read, run for real (on a copy of the repository's data).
READ_ONLY = {("validate",), ("evidence", "verify"), ("graph", "stats")}
#: Commands that write unless told to check.
CHECK_ONLY = {("fmt",), ("schema",), ("docs",)}
#: What a copy of the repository needs for those commands.
DATA = (*KINDS, "evidence", "schemas", "docs", "CONTRIBUTING.md")
runner = CliRunner()


def load(path: Path, *, top_list: bool = False) -> dict[str, object]:
    """Parse with kb's strict reader; a top-level list comes back under the key 'items'."""
    text = path.read_text("utf-8")
    if top_list:
        text = "items:\n" + "".join(f"  {line}\n" for line in text.splitlines())
    parsed = parse_text(text, path.name)
    assert parsed.diagnostics == [], [d.as_text() for d in parsed.diagnostics]
    assert isinstance(parsed.data, dict)
    return parsed.data


def steps(workflow: dict[str, object]) -> list[dict[str, object]]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    return [step for job in jobs.values() for step in job["steps"]]  # type: ignore[index]


def kb_invocations(script: str, env: dict[str, str]) -> list[list[str]]:
    """The arguments of every `kb ...` command line in a `run:` script."""
    out: list[list[str]] = []
    for raw in script.replace("\\\n", " ").splitlines():
        line = raw
        for name, value in env.items():
            line = line.replace(f"${{{name}}}", value).replace(f"${name}", value)
        words = shlex.split(line, comments=True)
        for i, word in enumerate(words):
            at_start = i == 0 or words[i - 1] in ("&&", "||", ";", "|", "then", "do")
            if word in ("kb", ".venv/bin/kb") and at_start:
                args = []
                for w in words[i + 1:]:
                    if w in (">", ">>", "|", "&&", "||", ";", "2>"):
                        break
                    args.append("HEAD" if w == "origin/HEAD" else w)  # no remote here
                out.append(args)
    return out


def all_invocations() -> list[tuple[str, list[str]]]:
    found = []
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "run" in step:
                env = {k: "HEAD" if k.endswith("REF") else "x" for k in step.get("env", {})}
                for args in kb_invocations(str(step["run"]), env):
                    found.append((f"{path.name}: kb {' '.join(args)}", args))
    for hook_file in (REPO / ".pre-commit-config.yaml", REPO / ".pre-commit-hooks.yaml"):
        if hook_file.name == ".pre-commit-hooks.yaml":
            hooks = load(hook_file, top_list=True)["items"]
        else:
            hooks = [h for r in load(hook_file)["repos"] for h in r["hooks"]]  # type: ignore[attr-defined]
        for hook in hooks:
            entry = shlex.split(hook["entry"])
            if entry[0] in ("kb", ".venv/bin/kb"):
                found.append((f"{hook_file.name}: {hook['id']}", entry[1:]))
    return found


INVOCATIONS = all_invocations()


def command_path(args: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """Resolve subcommands the way click does; return (command names, remaining args)."""
    command = typer.main.get_command(app)
    ctx = typer.Context(command, info_name="kb")
    names: list[str] = []
    rest = list(args)
    while hasattr(command, "list_commands") and rest:
        sub = command.get_command(ctx, rest[0])
        assert sub is not None, f"no command 'kb {' '.join([*names, rest[0]])}'"
        names.append(rest.pop(0))
        command = sub
        ctx = typer.Context(command, info_name=names[-1], parent=ctx)
    return tuple(names), rest


def test_workflows_were_found() -> None:
    assert {p.name for p in WORKFLOWS} == {"validate.yml", "site.yml", "linkcheck.yml", "release.yml"}
    assert len(INVOCATIONS) >= 10


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_has_least_privileges_and_pinned_actions(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "deny by default at the top; grant per job"
    triggers = workflow["on"]
    assert isinstance(triggers, dict)
    assert "pull_request_target" not in triggers
    for name, job in workflow["jobs"].items():  # type: ignore[union-attr]
        assert "permissions" in job, f"job {name} must state its permissions"
        assert "timeout-minutes" in job
        for step in job["steps"]:
            if "uses" in step:
                assert SHA.match(step["uses"]), f"{step['uses']} is not pinned by commit SHA"
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    text = path.read_text("utf-8")
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), f"name the version: {line.strip()}"
        if "run:" in line:
            assert "${{" not in line, f"pass expressions through env, not into scripts: {line.strip()}"


def test_write_permissions_only_where_needed() -> None:
    grants = {}
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():  # type: ignore[union-attr]
            for scope, level in job["permissions"].items():
                if level == "write":
                    grants.setdefault(path.name, set()).add(f"{name}:{scope}")
    assert grants == {"site.yml": {"deploy:pages", "deploy:id-token"},
                      "linkcheck.yml": {"linkcheck:issues"},
                      "release.yml": {"release:contents"}}  # creating a release needs contents


def test_link_check_never_blocks_pull_requests() -> None:
    workflow = load(REPO / ".github" / "workflows" / "linkcheck.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}  # type: ignore[arg-type]
    check = next(s for s in steps(workflow) if s.get("id") == "check")
    assert check["continue-on-error"] is True


def test_pull_requests_get_annotations_on_changed_records() -> None:
    invocations = [args for label, args in INVOCATIONS if label.startswith("validate.yml")]
    assert any("--changed" in args and "github" in args for args in invocations)
    assert ["schema", "--check"] in invocations and ["docs", "--check"] in invocations


def test_every_check_runs_even_after_one_fails() -> None:
    """One failing step used to skip the rest (fmt, schema, docs, evidence, lint)."""
    workflow = load(REPO / ".github" / "workflows" / "validate.yml")
    records = workflow["jobs"]["records"]["steps"]  # type: ignore[index]
    at = next(i for i, s in enumerate(records) if s.get("id") == "install")
    checks = records[at + 1:]
    assert len(checks) >= 8
    for step in checks:
        condition = str(step.get("if", ""))
        assert "!cancelled()" in condition and "steps.install.outcome == 'success'" in condition, step
        assert "continue-on-error" not in step, "a failing check must still fail the job"


def test_ci_formatting_checks_annotate() -> None:
    invocations = [args for label, args in INVOCATIONS if label.startswith("validate.yml")]
    fmt_checks = [args for args in invocations if args[:2] == ["fmt", "--check"]]
    assert len(fmt_checks) == 2 and all(args[-2:] == ["--format", "github"] for args in fmt_checks)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's data, copied: a command under test can never change the real files."""
    dest = tmp_path_factory.mktemp("repo")
    for name in DATA:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("generated"))
        elif source.is_file():
            shutil.copy2(source, dest / name)
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"],
                   cwd=dest, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm",
                    "copy"], cwd=dest, check=True)
    return dest


@pytest.mark.parametrize(("label", "args"), INVOCATIONS, ids=[label for label, _ in INVOCATIONS])
def test_kb_invocation_exists_and_accepts_its_options(label: str, args: list[str],
                                                      repo_copy: Path) -> None:
    """Each command a workflow or hook runs exists and parses its options. The offline ones
    that only read (or only check) run against a copy of the repository's data, without a
    usage error or a crash; `kb build` and `kb evidence linkcheck` (network) are parsed only."""
    names, rest = command_path(args)
    command = typer.main.get_command(app)
    ctx = typer.Context(command, info_name="kb")
    for name in names:
        command = command.get_command(ctx, name)  # type: ignore[attr-defined]
        ctx = typer.Context(command, info_name=name, parent=ctx)
    command.parse_args(ctx, list(rest))  # raises a usage error for an unknown option or value
    if names in READ_ONLY or (names in CHECK_ONLY and "--check" in rest):
        before = {p: p.read_bytes() for p in repo_copy.rglob("*.yaml")}
        result = runner.invoke(app, [*args, "--root", str(repo_copy)])
        assert {p: p.read_bytes() for p in repo_copy.rglob("*.yaml")} == before
        assert result.exit_code in (0, 1), (label, result.stdout[-2000:], result.stderr[-2000:])
        assert result.exception is None or isinstance(result.exception, SystemExit), label


@pytest.mark.parametrize("path", FORMS, ids=[p.name for p in FORMS])
def test_issue_form_is_well_formed(path: Path) -> None:
    form = load(path)
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if "id" in item]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))
    for item in form["body"]:  # type: ignore[union-attr]
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["attributes"]["label"]
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
    assert any(item.get("validations", {}).get("required") for item in form["body"])  # type: ignore[union-attr]


def test_issue_forms_cover_the_three_contribution_types() -> None:
    names = {load(p)["name"] for p in FORMS}
    assert names == {"New incident", "Correction or right of reply", "Removal or withdrawal request"}


def test_new_incident_form_offers_the_incident_kinds() -> None:
    form = load(REPO / ".github" / "ISSUE_TEMPLATE" / "new-incident.yml")
    kind = next(i for i in form["body"] if i.get("id") == "kind")  # type: ignore[union-attr]
    assert kind["attributes"]["options"] == [k.value for k in IncidentKind]


def test_pr_template_has_the_editorial_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    assert text.count("- [ ]") >= 6
    assert "kb validate --changed" in text and "kb mv" in text


def test_codeowners_cover_every_data_folder() -> None:
    lines = [ln.split() for ln in (REPO / ".github" / "CODEOWNERS").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    owned = {parts[0] for parts in lines}
    for folder in KINDS:
        assert f"/{folder}/" in owned
    assert all(len(parts) >= 2 and parts[1].startswith("@") for parts in lines)


def test_vscode_maps_each_folder_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for folder, cls in KINDS.items():
        schema = f"./schemas/{cls.kind_name}.schema.json"
        assert mapping[schema] == [f"{folder}/*.yaml"]
        assert (REPO / schema).is_file()


def test_cli_reference_is_current() -> None:
    """docs/reference/cli.md is what `kb docs` generates now (run `kb docs` after CLI changes)."""
    page = cli_page(app)
    assert (REPO / "docs" / "reference" / "cli.md").read_text("utf-8") == page
    for command in ("kb validate", "kb new", "kb fmt", "kb mv", "kb withdraw"):
        assert f"## `{command}`" in page
    assert "`--changed`" in page


def test_contributing_page_is_current() -> None:
    assert (REPO / "docs" / "contributing.md").read_text("utf-8") == contributing_page(REPO)


def test_cli_reference_changes_with_the_cli() -> None:
    """The drift check can fail: a new option shows up in the generated page."""
    extra = typer.Typer()

    @extra.command()
    def hello(loud: bool = typer.Option(False, "--loud", help="Shout.")) -> None:
        """Say hello."""

    @extra.command()
    def bye() -> None:
        """Say bye."""

    page = cli_page(extra)
    assert "## `kb hello`" in page and "`--loud`" in page and "Shout." in page


def test_yamllint_config_agrees_with_kb_fmt(small_kb: Path) -> None:
    """Records written by `kb new` and `kb fmt` pass yamllint with the repository's config."""
    for kind in ("incident", "policy", "actor", "model", "dataset"):
        assert runner.invoke(app, ["new", kind, "--title", f"Acme {kind}", "--root",
                                   str(small_kb)]).exit_code == 0
    assert runner.invoke(app, ["fmt", "--root", str(small_kb)]).exit_code == 0
    yamllint = shutil.which("yamllint", path=str(REPO / ".venv" / "bin")) or shutil.which("yamllint")
    assert yamllint is not None
    done = subprocess.run([yamllint, "-c", str(REPO / ".yamllint.yaml"), "--strict", "-f", "parsable",
                           *KINDS], cwd=small_kb, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


@pytest.mark.skipif(not (REPO / ".venv" / "bin" / "pre-commit").exists(), reason="needs .venv")
def test_newcomer_flow_passes_the_pre_commit_hooks(small_kb: Path, tmp_path: Path) -> None:
    """CONTRIBUTING's path: kb new, fill in the TODOs, commit: the hooks pass (and fail while a
    TODO is left)."""
    for name in (".pre-commit-config.yaml", ".yamllint.yaml"):
        shutil.copy(REPO / name, small_kb / name)
    shutil.copytree(REPO / "schemas", small_kb / "schemas")
    (small_kb / ".venv").symlink_to(REPO / ".venv")
    (small_kb / ".gitignore").write_text(".venv\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=small_kb, env=env, capture_output=True, text=True, check=False)

    assert run("git", "init", "-q").returncode == 0
    result = runner.invoke(app, ["new", "actor", "--title", "Acme AI", "--root", str(small_kb)])
    assert result.exit_code == 0
    run("git", "add", "-A")
    hooks = run(str(REPO / ".venv" / "bin" / "pre-commit"), "run", "--all-files")
    assert hooks.returncode != 0, "a scaffold with TODOs must not pass"
    assert "KB104" in hooks.stdout or "KB601" in hooks.stdout
    path = small_kb / "actors" / "acme-ai.yaml"
    path.write_text(path.read_text().replace("kind: TODO", "kind: company")
                    .replace("['TODO']", "['US']")
                    .replace("TODO: one sentence saying who this is.", "A test company."))
    run("git", "add", "-A")
    hooks = run(str(REPO / ".venv" / "bin" / "pre-commit"), "run", "--all-files")
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs a git checkout")
def test_yamllint_hook_passes_on_an_untouched_checkout() -> None:
    """`pre-commit run --all-files` on a fresh clone: the yamllint hook, given the files it
    selects, passes (the deliberately broken fixtures in tests/cases/ are left out)."""
    import re

    hook = next(h for r in load(REPO / ".pre-commit-config.yaml")["repos"]  # type: ignore[attr-defined]
                for h in r["hooks"] if h["id"] == "yamllint")
    listed = subprocess.run(["git", "ls-files", "*.yaml", "*.yml", ".*.yaml", ".*.yml"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split()
    files = [f for f in listed if not re.search(str(hook.get("exclude", "^$")), f)]
    assert any(f.startswith("tests/cases/") for f in listed) and files
    yamllint = shutil.which("yamllint", path=str(REPO / ".venv" / "bin")) or shutil.which("yamllint")
    assert yamllint is not None
    done = subprocess.run([yamllint, *shlex.split(hook["entry"])[1:], "-f", "parsable", *files],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_setup_without_npm_explains_that_only_the_site_needs_it(tmp_path: Path) -> None:
    """scripts/setup.sh used to stop with exit 127 when npm was missing."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("bash", "dirname"):  # what the script needs, and no npm
        found = shutil.which(tool)
        assert found is not None
        (bindir / tool).symlink_to(found)
    done = subprocess.run([str(bindir / "bash"), str(REPO / "scripts" / "vendor-js.sh")],
                          env={"PATH": str(bindir)}, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "npm not found" in done.stderr and "Only the site needs it" in done.stderr
    assert "bash scripts/vendor-js.sh" in (REPO / "scripts" / "setup.sh").read_text()
