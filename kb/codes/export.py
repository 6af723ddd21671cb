"""Codes for KB8xx: open-data exports and releases (kb export, kb release)."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB801", "export path outside its folder", "error",
         "An export file would be written outside the folder it belongs to (for the JSON API, "
         "`v1/<folder>/`). Record ids cannot do this when they validate; the writer checks the "
         "resolved path anyway and refuses, writing nothing.",
         "incidents/../../etc/x.yaml -> v1/incidents/../../etc/x.json",
         "Give the record a valid id with `kb mv OLD NEW` (lowercase letters, digits, hyphens)."),
    Code("KB802", "output folder is not kb's", "error",
         "`kb export --out` and `kb release --out` write only into a folder that is new, empty, or "
         "holds an earlier export of kb (listed in its `.kb-export.json`). A path that is a file, or "
         "a folder holding files kb did not write, is refused: kb never deletes or overwrites what "
         "it did not create.",
         "kb export api --out ~/Documents   (a folder with other files)",
         "Choose a new or empty folder for --out, or the folder of a previous `kb export`."),
    Code("KB803", "release already exists", "error",
         "A release with this version is already in the output folder. Published releases are "
         "never overwritten: a citation of version X must always mean the same bytes.",
         "kb release --version 2026.12.0   (dist/distillation-kb-2026.12.0.tar.gz exists)",
         "Choose a new --version (e.g. 2026.12.1), or another --out folder."),
    Code("KB804", "previous release not found", "error",
         "`kb release --previous PATH` diffs the new release against an earlier one; PATH does not "
         "exist or is not a file. Nothing was written.",
         "kb release --version 2026.12.1 --previous dist/distillation-kb-2026.11.0.tar.gz",
         "Give the path of the previous release's .tar.gz (download it from the releases page)."),
    Code("KB805", "previous release is corrupt", "error",
         "The previous release could not be read: it is not a gzip-compressed tar archive, a member "
         "is missing (kb.json, SHA256SUMS), or a member does not match its SHA-256 in SHA256SUMS. "
         "Nothing was written.",
         "previous release dist/old.tar.gz is corrupt: kb.json does not match SHA256SUMS",
         "Download the previous release again and check it with `sha256sum -c SHA256SUMS`."),
    Code("KB806", "invalid release version", "error",
         "A release version names files and archive folders, so it is restricted to letters, "
         "digits, '.', '-', '_' and '+', starting with a letter or digit (at most 64 characters).",
         "kb release --version '../2026'", "Use a version such as 2026.12.0 or v1.2.0."),
    Code("KB807", "knowledge base has errors; nothing exported", "error",
         "`kb export` and `kb release` refuse to publish a knowledge base that does not validate: "
         "a file built from a broken record could misstate a claim.",
         "kb release --version 2026.12.0  (with an unresolved reference in incidents/x.yaml)",
         "Run `kb validate`, fix every error it reports, then export again."),
    Code("KB808", "release date unknown", "error",
         "A release is dated by its commit (so that rebuilding it gives the same bytes), or by "
         "`SOURCE_DATE_EPOCH` when set. Neither was available: the knowledge base is not a git "
         "checkout, or the variable is not a whole number of seconds. The build time is never used.",
         "SOURCE_DATE_EPOCH=yesterday kb release --version 2026.12.0",
         "Run `kb release` in a git checkout, or set SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)."),
)
