"""Codes for reading YAML (KB0xx), record fields (KB1xx) and whole-KB rules (KB2xx)."""

from __future__ import annotations

from kb.codes.code import Code

CODES = (
    Code("KB001", "YAML syntax error", "error",
         "The file is not well-formed YAML. Tabs used for indentation are the most common cause.",
         "title: [unclosed", "Fix the syntax at the line shown; indent with spaces, never tabs."),
    Code("KB002", "duplicate key", "error",
         "A key appears twice in one mapping; YAML parsers silently keep only the last value, "
         "so data would be lost.",
         "title: A\ntitle: B", "Delete or rename one of the two keys."),
    Code("KB003", "anchor or alias", "error",
         "Anchors (`&a`) and aliases (`*a`) are refused: they hide repetition and enable "
         "'billion laughs' expansion bombs.",
         "base: &b {x: 1}\nother: *b", "Write the value out in full."),
    Code("KB004", "tag", "error",
         "Explicit tags (`!!python/object`, `!!str`, `!custom`) are refused; they can construct "
         "arbitrary objects in some loaders.",
         "x: !!python/object:os.system ls", "Remove the tag; quote the value if it must be text."),
    Code("KB005", "not UTF-8", "error",
         "The file is not valid UTF-8.", "(bytes 0xff 0xfe ...)",
         "Re-save the file as UTF-8. A UTF-8 byte-order mark is accepted and ignored."),
    Code("KB006", "bidirectional control character", "error",
         "The text contains Unicode bidirectional controls (U+202A-U+202E, U+2066-U+2069, "
         "U+200E, U+200F, U+061C) that make text display differently from what it says "
         "('Trojan Source').",
         "summary: \"abc\u202edef\"", "Delete the character; it is invisible in most editors."),
    Code("KB007", "file too large", "error",
         "Record files are capped (1 MiB by default) so a hostile or mistaken file cannot exhaust "
         "memory. A real record is a few kilobytes.",
         "(a 50 MB file)", "Split the record or move bulk data out of the knowledge base."),
    Code("KB008", "empty file", "error",
         "The file holds no YAML document.", "", "Write the record, or delete the file."),
    Code("KB009", "not a mapping", "error",
         "A record file must hold one mapping (key: value pairs) at the top level.",
         "- id: x", "Remove the leading '- ' so the record is a mapping."),
    Code("KB010", "more than one document", "error",
         "A record file holds exactly one YAML document; `---` starts another.",
         "id: a\n---\nid: b", "Put each record in its own file."),
    Code("KB011", "nesting too deep", "error",
         "Nesting deeper than 64 levels is refused (no record needs it; parsers can be crashed by it).",
         "[[[[[[...]]]]]]", "Flatten the structure."),
    Code("KB012", "non-string key", "error",
         "Mapping keys must be plain text.", "? [a, b]\n: 1", "Use a plain word as the key."),
    Code("KB013", "file outside a record folder", "error",
         "Records live in incidents/, policies/, actors/, models/ or sources/ with the `.yaml` "
         "extension.",
         "incident/x.yml", "Move the file into the right folder and name it `<id>.yaml`."),
    Code("KB014", "unreadable path", "error",
         "The path could not be read, does not exist, or leads outside the knowledge base "
         "(for example through `..` or a symbolic link).", "kb validate ../../etc/passwd",
         "Pass paths inside the knowledge base."),
    Code("KB101", "unknown field", "error",
         "The record has a field its kind does not define, most often a typo. Unknown fields are "
         "errors so that nothing is silently dropped.",
         "sumary: ...", "Rename the field to the suggested one, or remove it."),
    Code("KB102", "missing required field", "error",
         "A required field is absent.", "(an incident without `summary:`)", "Add the field."),
    Code("KB103", "wrong type", "error",
         "The value has the wrong type: for example a number or a true/false where text is "
         "meant (`version: 3.10` is the number 3.1; `country: no` is fine, it is read as text).",
         "title: 3.10", "Quote the value ('3.10'), or give the type the field asks for."),
    Code("KB104", "not in the vocabulary", "error",
         "The value is not one of the field's controlled vocabulary.",
         "status: aleged", "Use one of the listed values (the glossary defines each)."),
    Code("KB105", "invalid date", "error",
         "Dates are quoted strings YYYY-MM-DD, YYYY-MM or YYYY, and must exist in the calendar.",
         "date: '2026-02-30'", "Correct the date; use YYYY-MM or YYYY when the day is unknown."),
    Code("KB106", "invalid URL", "error",
         "URLs must be http:// or https:// with a host; `javascript:`, `file:` and `data:` links "
         "are refused, and so are URLs carrying credentials.",
         "url: javascript:alert(1)", "Link to the http(s) page itself."),
    Code("KB107", "invalid id", "error",
         "Record ids are lowercase ASCII slugs (letters, digits, single hyphens); local ids "
         "(evidence, claims) start with a letter.",
         "id: Anthropic_Claim", "Use a slug such as 'anthropic-claim'."),
    Code("KB108", "value out of range", "error",
         "Text is empty or too long, a number is negative, or a list that needs an item is empty.",
         "evidence: []", "Fill in the value within the stated bounds."),
    Code("KB109", "invalid value", "error",
         "The value breaks a rule of its field; the message says which.",
         "language: English", "Follow the message."),
    Code("KB110", "URL written inline", "error",
         "Every URL the knowledge base cites is a source record in sources/, described once; "
         "incidents, policies, actors and models cite it from an evidence item by source id. A "
         "URL in a summary, note or statement is a citation no rule, page or capture can see. "
         "(An actor's `website` is data about the actor, not a citation, and is allowed.)",
         "summary: ... as reported at https://example.org/story",
         "Add a source record (`kb new source --url ... --title ...`), cite it from an evidence "
         "item (`{id: e9, source: <source id>}`) and refer to the evidence id instead."),
    Code("KB111", "unreviewed source without cited_in", "error",
         "A source the editors did not read (`reviewed: false`) is known only because other "
         "sources cite it; `cited_in` must name them.",
         "reviewed: false   # and no cited_in",
         "Add `cited_in: [<source id>]`, or read the page and set `reviewed: true`."),
    Code("KB201", "id does not match file name", "error",
         "A record's id must equal its file name without `.yaml`, so links and files never drift.",
         "incidents/a.yaml with id: b", "Rename the file or change the id (`kb mv` does both)."),
    Code("KB202", "duplicate id", "error",
         "Two records share an id (ids are unique across all kinds).",
         "actors/openai.yaml and models/openai.yaml", "Rename one of them."),
    Code("KB203", "unknown local reference", "error",
         "A reference to an evidence item or claim of the same record does not resolve.",
         "evidence: [{ref: e7}]", "Use an id defined in the record (did-you-mean is suggested)."),
    Code("KB204", "unknown record reference", "error",
         "A reference to an actor, model, incident or policy does not resolve.",
         "claimant: antropic", "Use an existing id, or add the record."),
    Code("KB205", "claim without evidence", "error",
         "Every claim cites at least one evidence item.", "claims: [{..., evidence: []}]",
         "Add the source that reports the claim."),
    Code("KB206", "claim without supporting evidence", "error",
         "A claim that is recorded as made (alleged, corroborated, confirmed, disputed, denied, "
         "self-declared) needs a source with stance `supports` showing it was made.",
         "evidence: [{ref: e1, stance: context}]", "Cite the source in which the claimant makes it."),
    Code("KB207", "confirmed without a primary source", "error",
         "`confirmed` needs a first-hand primary statement, government document or court filing; "
         "news alone corroborates at most.",
         "status: confirmed (only news cited)", "Cite the primary source, or use `corroborated`."),
    Code("KB208", "accused party without a response entry", "error",
         "Each party a claim accuses (its subject, or the developer of a subject model) gets a "
         "response entry, even if it is 'no response found as of DATE'.",
         "(no responses for deepseek)",
         "Add a response with stance `no-response-found` and the date you looked."),
    Code("KB209", "inconsistent dates", "error",
         "Dates contradict each other: a model alleged to derive from a model released after it, a "
         "response dated before the claim, an end before a start.",
         "student released 2024, teacher 2025", "Check both dates against the sources."),
    Code("KB210", "lineage cycle", "error",
         "Declared lineage (`derived_from`) loops back on itself.", "a derived from b, b from a",
         "Remove the wrong `derived_from` entry."),
    Code("KB211", "contradictory source metadata (retired)", "error",
         "Retired in the second edition of the record model: a URL is described once, in its "
         "source record, so two descriptions can no longer disagree. Two source records with one "
         "URL are KB225.",
         "publisher: CNN here, Reuters there", "Nothing to do; see KB225."),
    Code("KB212", "duplicate local id", "error",
         "Two evidence items or claims in one record share an id.", "two evidence items 'e1'",
         "Renumber one of them."),
    Code("KB213", "reference to the wrong kind", "error",
         "The reference resolves, but to a record of the wrong kind (an actor where a model is meant).",
         "developer: claude", "Reference a record of the kind the field expects."),
    Code("KB214", "claim about itself", "error",
         "A claim's subject and object are the same record.", "subject: x, object: x",
         "Correct the subject or the object."),
    Code("KB215", "response to an unknown claim", "error",
         "A response lists a claim id that its incident does not define.",
         "claims: [c9]", "Use a claim id of the incident."),
    Code("KB216", "duplicate source within a record", "warning",
         "Two evidence items of one record cite the same source.",
         "- {id: e1, source: x}\n- {id: e2, source: x}",
         "Merge the two items (use a `locator` for the page or section)."),
    Code("KB220", "unknown source", "error",
         "An evidence item cites a source id that has no record in sources/.",
         "- {id: e1, source: cnn-2026-02-24-anthropic-accuses}",
         "Use an existing source id (did-you-mean is suggested), or add the source with "
         "`kb new source --url ... --title ...`."),
    Code("KB221", "relays or cited_in names an unknown source", "error",
         "A source's `relays` (the sources whose content it repeats) or `cited_in` (where the "
         "editors saw it cited) names a source id that has no record.",
         "relays: [anthropic-2026-02-23-detecting-and-preventing-distilation]",
         "Use an existing source id (did-you-mean is suggested), or add that source."),
    Code("KB223", "source cited by no record", "warning",
         "No evidence item cites the source, and no other source relays it or names it in "
         "`cited_in`; it shows on no record page.",
         "(a source left behind when its only evidence item was removed)",
         "Cite it from the record it supports, or delete the file."),
    Code("KB224", "relays loop", "error",
         "`relays` chains end at an origin: the source that does not repeat another. A loop "
         "(a relays b, b relays a) leaves no origin, and independence cannot be computed.",
         "a: relays: [b]\nb: relays: [a]", "Remove the `relays` entry that points the wrong way."),
    Code("KB225", "two sources with one URL", "error",
         "A normalised URL (scheme and host lower-cased, default port and fragment dropped) is "
         "one source; two source records for it would describe it twice.",
         "sources/a.yaml and sources/b.yaml, both https://example.org/story",
         "Keep one record, cite it where the other was cited, and delete the other file."),
)
