"""`kb release` (kb.export.release): reproducible archives, diffs, and refusing bad input."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from tests.export_helpers import INCIDENT, edit, withdraw_deepseek

EPOCH = "1796211207"


def _release(root: Path, out: Path, version: str, *extra: str,
             epoch: str | None = EPOCH) -> tuple[int, str, str]:
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch is not None else {}
    result = CliRunner().invoke(app, ["release", "--root", str(root), "--version", version,
                                      "--out", str(out), *extra], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_two_releases_of_one_commit_are_byte_identical(small_kb: Path, tmp_path: Path) -> None:
    code_a, out_a, _ = _release(small_kb, tmp_path / "a", "2026.12.0")
    code_b, _, _ = _release(small_kb, tmp_path / "b", "2026.12.0")
    name = "distillation-kb-2026.12.0.tar.gz"
    assert code_a == code_b == 0 and out_a.strip() == str(tmp_path / "a" / name)
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_archive_is_normalised_and_checksummed(small_kb: Path, tmp_path: Path) -> None:
    _release(small_kb, tmp_path, "1.0")
    path = tmp_path / "distillation-kb-1.0.tar.gz"
    with gzip.open(path) as gz:
        assert gz.read(1)
    assert path.read_bytes()[4:8] == b"\0\0\0\0"  # gzip header: mtime 0
    with tarfile.open(path) as tar:
        members = tar.getmembers()
        assert [m.name for m in members] == sorted(m.name for m in members if m.isdir()) + sorted(
            m.name for m in members if m.isfile())
        assert {(m.uid, m.gid, m.mtime) for m in members} == {(0, 0, int(EPOCH))}
        top = "distillation-kb-1.0/"
        names = {m.name.removeprefix(top) for m in members if m.isfile()}
        assert {"kb.json", "distillation-kb.sqlite", "distillation-kb.stix.json", "distillation-kb.graphml",
                "release.json", "SHA256SUMS", f"records/incidents/{INCIDENT}.yaml"} <= names
        sums = tar.extractfile(top + "SHA256SUMS").read().decode().splitlines()  # type: ignore[union-attr]
        for line in sums:
            digest, name = line.split("  ")
            assert hashlib.sha256(tar.extractfile(top + name).read()).hexdigest() == digest  # type: ignore[union-attr]
        manifest = json.loads(tar.extractfile(top + "release.json").read())  # type: ignore[union-attr]
    assert manifest["version"] == "1.0" and manifest["date"] == "2026-12-02"


def test_diff_lists_changes_withdrawals_and_claim_status_changes(small_kb: Path, tmp_path: Path) -> None:
    _release(small_kb, tmp_path, "1.0")
    withdraw_deepseek(small_kb)
    edit(small_kb, f"incidents/{INCIDENT}.yaml", "    status: alleged\n", "    status: disputed\n")
    code, _, err = _release(small_kb, tmp_path, "1.1", "--previous",
                            str(tmp_path / "distillation-kb-1.0.tar.gz"))
    assert code == 0, err
    diff = json.loads((tmp_path / "distillation-kb-1.1.diff.json").read_text())
    assert diff["withdrawn"] == ["actors/deepseek"]
    assert diff["added"] == [] and f"incidents/{INCIDENT}" in diff["changed"]
    [change] = diff["claim_status_changes"]
    assert (change["from"], change["to"]) == ("alleged", "disputed")
    text = (tmp_path / "distillation-kb-1.1.diff.md").read_text()
    assert "## Records withdrawn (1)" in text and "`alleged` → `disputed`" in text


def test_an_existing_version_is_refused_and_not_overwritten(small_kb: Path, tmp_path: Path) -> None:
    _release(small_kb, tmp_path, "1.0")
    path = tmp_path / "distillation-kb-1.0.tar.gz"
    path.write_bytes(b"published")
    code, _, err = _release(small_kb, tmp_path, "1.0")
    assert code == 1 and "KB803" in err
    assert path.read_bytes() == b"published"


@pytest.mark.parametrize(("previous", "code"), [("missing.tar.gz", "KB804"), ("corrupt.tar.gz", "KB805")])
def test_a_missing_or_corrupt_previous_release_writes_nothing(
        small_kb: Path, tmp_path: Path, previous: str, code: str) -> None:
    (tmp_path / "corrupt.tar.gz").write_bytes(b"not a tarball")
    out = tmp_path / "out"
    exit_code, _, err = _release(small_kb, out, "2.0", "--previous", str(tmp_path / previous))
    assert exit_code == 1 and code in err and "Traceback" not in err
    assert not out.exists()


def test_a_previous_release_whose_member_was_altered_is_corrupt(small_kb: Path, tmp_path: Path) -> None:
    _release(small_kb, tmp_path, "1.0")
    src = tmp_path / "distillation-kb-1.0.tar.gz"
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(src) as tar, tarfile.open(altered, "w:gz") as out:
        for m in tar.getmembers():
            data = tar.extractfile(m).read() if m.isfile() else None  # type: ignore[union-attr]
            if m.name.endswith("/kb.json") and data is not None:
                data = data.replace(b"alleged", b"refuted")
            if data is not None:
                m.size = len(data)
                out.addfile(m, io.BytesIO(data))
            else:
                out.addfile(m)
    code, _, err = _release(small_kb, tmp_path / "new", "1.1", "--previous", str(altered))
    assert code == 1 and "KB805" in err and "kb.json does not match SHA256SUMS" in err


def test_an_invalid_version_is_refused(small_kb: Path, tmp_path: Path) -> None:
    code, _, err = _release(small_kb, tmp_path, "../escape")
    assert code == 1 and "KB806" in err
    assert not any(tmp_path.rglob("*.tar.gz"))


def test_without_a_commit_or_source_date_epoch_the_release_has_no_date(
        small_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(small_kb.parent))
    code, _, err = _release(small_kb, tmp_path / "out", "1.0", epoch=None)
    assert code == 1 and "KB808" in err
