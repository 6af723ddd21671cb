"""Codes for the second edition of the record model: partial dates, claim history, model
families, datasets and affiliations, policy status dates, negative findings and commentary
(KB112, KB113 and KB115-KB119 about one record; KB114 and KB230-KB249 across records)."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB112", "policy status without a date", "error",
         "A policy's status is dated: the statuses a policy has from its first day (reported, "
         "announced, issued, proposed, in force) date from `date`, and `unknown` from "
         "`sources_reviewed_up_to`; a later step (in committee, approved but not published, "
         "enacted, withdrawn) needs `status_date`, so that 'in committee' never reads as today's "
         "news.",
         "status: in-committee   (no status_date)",
         "Add `status_date` (when the policy reached the status, or the date of the report that "
         "gives it), or a `status_date_note` saying why it cannot be dated."),
    Code("KB113", "negative finding beyond the sources reviewed", "error",
         "A negative finding ('no lawsuit over distillation was found') reports a search of the "
         "sources reviewed; its `searched_up_to` cannot be later than the record's "
         "`sources_reviewed_up_to`.",
         "sources_reviewed_up_to: '2026-11-29'\nnegative_findings: [{searched_up_to: '2026-12-31', ...}]",
         "Use the date the sources searched reach (at most `sources_reviewed_up_to`)."),
    Code("KB114", "accused party recorded as commentary", "error",
         "`commentary` holds reactions from parties the record does not accuse; a party a claim "
         "accuses (or a policy targets) answers in `responses`, where its reply counts as the "
         "right of reply.",
         "commentary: [{party: deepseek, ...}]   (a claim accuses deepseek)",
         "Move the entry to `responses` and give it a stance."),
    Code("KB115", "ambiguous partial date", "error",
         "A date's month or day is written with one digit. '2026-2' could be a slip for "
         "'2026-02' or for '2026-12'; partial dates are 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', "
         "with two-digit months and days.",
         "stated_on: '2026-2'", "Write the month (and day) with two digits, e.g. '2026-02'."),
    Code("KB116", "status history out of date order", "error",
         "A claim's `history` lists its statuses oldest first; an entry is dated before the one "
         "above it.",
         "history: [{date: '2026-03', ...}, {date: '2026-02', ...}]",
         "Reorder the entries by date (or correct the date)."),
    Code("KB117", "status history disagrees with the status", "error",
         "The current status of a claim is the latest entry of its history; the claim's `status` "
         "says something else.",
         "status: denied\nhistory: [..., {date: '2026-03', status: alleged}]",
         "Set `status` to the latest entry's status, or add the entry that changed it."),
    Code("KB118", "undated claim without a date note", "error",
         "A claim may leave out `stated_on` only for an undated observation, and then says why "
         "in `date_note`.",
         "(a claim without stated_on or date_note)",
         "Add `stated_on`, or a `date_note` saying why the claim has no date."),
    Code("KB119", "record names itself as its family or affiliate", "error",
         "A model's `family` is another model (the family), and an affiliation ties an actor to "
         "another actor; neither can point at the record itself.",
         "id: claude\nfamily: claude",
         "Remove the field, or name the other record meant."),
    Code("KB230", "model family loops", "error",
         "Following `family` from model to model leads back to the start (a is in family b, b in "
         "family a).",
         "claude-4: {family: claude}; claude: {family: claude-4}",
         "Remove the wrong `family`: the family record itself has none, or a broader one."),
    Code("KB231", "dataset lineage loops", "error",
         "Following data lineage (a model's `trained_on` datasets, a dataset's `generated_by` "
         "models and `collected_from` sources) leads back to where it started: a dataset cannot "
         "hold the outputs of a model trained on it.",
         "alpaca: {trained_on: [alpaca-52k]}; alpaca-52k: {generated_by: [alpaca]}",
         "Check which model generated the data and which was trained on it."),
)
