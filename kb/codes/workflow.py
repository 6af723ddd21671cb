"""Codes for KB6xx: contributor workflow (kb new, kb fmt, kb mv, kb withdraw, --changed).

KB601-KB605: placeholders and formatting. KB606-KB614: a workflow command refused its
arguments or could not finish (raised as :class:`kb.errors.KbError`; nothing is written).
"""

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
    Code("KB606", "invalid id", "error",
         "`kb new --id`, the id `kb new` makes from a title, or the new id of `kb mv` is not a "
         "record id: lowercase ASCII letters, digits and single hyphens, at most 120 characters. "
         "A title with no ASCII letter or digit gives no id. Nothing is written; exit 2.",
         "kb mv deepseek DeepSeek_AI",
         "Use a slug such as 'deepseek-ai'; for a title in another script, pass --id."),
    Code("KB607", "id already in use", "error",
         "Ids are unique across all record kinds and forever: `kb new` and `kb mv` refuse an id "
         "that a record has, that a record file is named after, or that a record keeps in "
         "`former_ids` (its old links redirect there). Nothing is written; exit 2.",
         "kb new actor --title DeepSeek  (actors/deepseek.yaml exists)",
         "Pick another --title or --id; to change the existing record, edit it instead."),
    Code("KB608", "no record with this id", "error",
         "`kb mv OLD`, `kb withdraw ID` or `--superseded-by ID` names an id that no record "
         "loads with (a record whose file does not load cannot be renamed or withdrawn). "
         "Nothing is written; exit 2.",
         "kb withdraw 2026-02-23-antropic-claude --reason ...",
         "Use an existing id (`kb validate` lists records that fail to load; fix those first)."),
    Code("KB609", "invalid date", "error",
         "`kb new --date` and `kb withdraw --date` take a calendar date written YYYY-MM-DD "
         "(`kb new` also YYYY-MM or YYYY). Nothing is written; exit 2.",
         "kb new incident --title ... --date 2026-02-30", "Write an existing date, e.g. 2026-02-28."),
    Code("KB610", "request incomplete or contradictory", "error",
         "A workflow command lacks something it needs or was asked for something impossible: "
         "`kb new` without a --title or --id, with a title over several lines or an unknown "
         "kind; `kb withdraw` without a reason, of a record already withdrawn, or superseded by "
         "itself or by a record of another kind; `kb mv` to the same id. Nothing is written; "
         "exit 2.",
         "kb withdraw x --reason ''", "Follow the message: it names what is missing or wrong."),
    Code("KB611", "record file cannot be edited", "error",
         "`kb mv` or `kb withdraw` could not read a record file it has to change, or could not "
         "make the edit while keeping its comments and layout. Nothing is written; exit 1.",
         "(a record with a YAML syntax error that refers to the renamed id)",
         "Fix the file (`kb validate` shows how), then run the command again."),
    Code("KB612", "git not available", "error",
         "`--changed` asks git what changed, and git could not be run, or the knowledge base is "
         "not inside a git repository. Exit 2.",
         "kb validate --changed  (in a folder that is not a git clone)",
         "Install git and run the command inside a clone, or run it without --changed."),
    Code("KB613", "unknown git ref", "error",
         "`--base` names a branch, tag or commit that git does not know in this clone (CI "
         "checkouts are often shallow, or lack the base branch). Exit 2.",
         "kb validate --changed --base origin/mian",
         "Check the name (`git branch -a`); in CI, fetch the base branch (fetch-depth: 0)."),
)
