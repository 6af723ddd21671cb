"""Codes for KB6xx: contributor workflow (kb new, kb fmt, kb mv)."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB601", "placeholder not filled in", "error",
         "A text field still holds a placeholder from the `kb new` scaffold (text starting with "
         "TODO). Placeholders in typed fields (ids, dates, URLs, vocabulary values) fail their "
         "type check instead; either way a half-filled scaffold cannot be merged.",
         "summary: >-\n  TODO: two to four sentences in your own words.",
         "Replace the placeholder with the real value, or delete the field if it is optional."),
    Code("KB602", "not formatted", "error",
         "`kb fmt --check` found a file that is not in canonical form (key order, indentation, "
         "quoting of dates and codes). Reported by `kb fmt --check` and the pre-commit hook, not by "
         "`kb validate`.",
         "date: 2026-02-23   # unquoted: other YAML readers turn it into a date object",
         "Run `kb fmt` on the file and commit the result."),
    Code("KB603", "cannot format a file with YAML errors", "error",
         "`kb fmt` refuses files that do not parse cleanly (syntax errors, duplicate keys, anchors, "
         "tags): formatting them would mean guessing what the author meant. The file is left "
         "untouched.",
         "title: [unclosed", "Fix the YAML errors listed with it, then run `kb fmt` again."),
    Code("KB604", "formatting would change a value", "error",
         "A safety net: `kb fmt` re-reads what it would write and refuses to write it if any value "
         "kb reads differs. This is a bug in `kb fmt`; the file is left untouched.",
         "", "Report the file to the maintainers; format it by hand meanwhile."),
    Code("KB605", "formatting would drop a comment", "error",
         "A safety net: `kb fmt` checks that every comment of the file is still in what it would "
         "write, and refuses to write otherwise. Seen with comments on block-scalar headers whose "
         "body is empty (`- >  # note`). The file is left untouched.",
         "- >  # a comment on an empty folded scalar",
         "Move the comment to its own line, or report the file to the maintainers."),
)
