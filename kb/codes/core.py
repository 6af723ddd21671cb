"""Codes for reading YAML (KB0xx), record fields (KB1xx) and whole-KB rules (KB2xx)."""

from __future__ import annotations

from kb.codes.code import Code

CODES = (
    Code("KB001", "YAML syntax error", "error",
         "The file is not well-formed YAML. The most common causes: ': ' inside unquoted text "
         "(which starts a new key), an unclosed quote or bracket, wrong indentation, and tabs. "
         "The diagnostic's hint names the likely cause.",
         "title: Acme says: it was distilled",
         "Quote text that holds ': ' or ' #' (title: 'Acme says: ...'); close quotes and "
         "brackets; indent with spaces, two per level, never tabs."),
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
         "The path could not be read, does not exist, is not a regular file (a folder or a pipe "
         "named like a record), or leads outside the knowledge base (through `..`, or a record "
         "file or record folder that is a symbolic link to a place outside it). Every command "
         "refuses such records, so a pull request cannot make kb read or rewrite files elsewhere.",
         "actors/x.yaml -> /home/me/.ssh/config", "Pass paths inside the knowledge base; replace a "
         "link with the file itself."),
    Code("KB015", "number too long", "error",
         "An unquoted number of more than 100 characters is refused unread: Python cannot convert "
         "an integer of more than 4,300 digits, and no figure needs more than a few dozen.",
         "value: 1111...1 (5,001 digits)",
         "Write the figure as the source gives it; put wording such as 'over 10^30' in `as_stated`."),
    Code("KB016", "control character", "error",
         "A value or key holds a C0 or C1 control character or DEL (NUL, BEL, ESC, CSI ...), "
         "usually produced by an escape in a double-quoted string (`\\e`, `\\a`, `\\x00`, "
         "`\\r`). Shown in a terminal, ESC and CSI sequences can retitle the window or hide text; "
         "no record needs one. Tab and line breaks (`\\n`) are fine.",
         "name: \"Acme\\e]0;owned\\a\"", "Delete the escape."),
    Code("KB017", "too many items", "error",
         "A list or mapping holds more than 1,000 items. No record needs that many, and a file "
         "of 1 MiB can hold 300,000, each a diagnostic when wrong; the file is refused unread.",
         "aliases: [a, a, a, ...] (5,000 items)", "Split the data or move it out of the knowledge base."),
    Code("KB018", "more problems not shown", "error",
         "A file has more than 100 problems with its fields; the first 100 are shown and the rest "
         "counted, so one broken file cannot flood the output.",
         "(a record with 290,000 wrong items)", "Fix the problems shown, then validate again."),
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
    Code("KB120", "character not allowed in a URL", "error",
         "URLs never hold spaces, control or invisible characters (zero-width, bidirectional "
         "controls, also when written as YAML escapes such as `\\u202e`), or, unencoded, double "
         "quotes, angle brackets, backticks, backslashes, braces, bars or carets: in a page "
         "they could end an attribute or start markup, and invisible ones make a link lead "
         "somewhere other than it reads.",
         "url: \"https://example.org/a\\u200bb\"", "Percent-encode the character (a space is "
         "`%20`, `\"` is `%22`), or delete it when it is invisible."),
    Code("KB121", "host name not in ASCII", "error",
         "A URL's host name holds letters beyond ASCII. Letters of other scripts can imitate a "
         "well-known name (a Cyrillic 'a', U+0430, in 'anthropic.com'), so hosts are written in their "
         "ASCII form: an internationalised name as its `xn--` (punycode) form.",
         "url: \"https://\\u0430nthropic.com/news\"", "Write the host in ASCII; the message gives the "
         "`xn--` form of the name written."),
    Code("KB122", "invisible character in text", "error",
         "Text holds a zero-width character (U+200B, U+200C, U+200D, U+2060, U+FEFF), a soft "
         "hyphen (U+00AD) or an invisible operator: invisible in most editors, it makes a name "
         "look like another (and like itself without it).",
         "name: \"Anthro\\u200bpic\"", "Delete the character."),
    Code("KB123", "date out of range", "error",
         "Dates lie between 1950 and today (one day of grace for time zones): records state what "
         "has already happened, so a date in the future (2099, 9999) or before 1950 is a typo.",
         "date: '2099-02-23'", "Correct the year against the source."),
    Code("KB124", "number not finite", "error",
         "A figure's value is infinite or not a number (`.inf`, `.nan`, or `1e400`, which is too "
         "large to represent and reads as infinity). No source states such a figure.",
         "value: .inf", "Write the number the source gives, or leave `value` out and quote the "
         "source's words in `as_stated`."),
    Code("KB125", "unknown jurisdiction", "error",
         "A jurisdiction is an ISO 3166-1 alpha-2 country code in capitals (`US`, `CN`, `NO` for "
         "Norway) or one of the region codes `EU` and `international`.",
         "jurisdiction: ['USA']", "Use the two-letter code ('US'), in capitals."),
    Code("KB126", "id reserved by Windows", "error",
         "Windows refuses the device names CON, PRN, AUX, NUL, COM0-COM9 and LPT0-LPT9 as file "
         "names whatever their extension, so a record `nul.yaml` (and its page) breaks every "
         "checkout of the repository on Windows.",
         "id: aux", "Use a longer id, such as the organisation's full name ('aux-labs')."),
    Code("KB127", "word mixing Latin with look-alike letters", "error",
         "A word holds Latin letters together with Cyrillic or Greek ones that look the same "
         "('Anthropic' written with a Cyrillic o, U+043E): it reads as a known name but is another "
         "string, so searches, links and reviewers are fooled. No real name mixes the scripts "
         "inside one word; text in Greek or Cyrillic alone is fine.",
         "name: \"Anthr\\u043epic\"", "Type the word again in one script."),
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
         "Each party a claim accuses (its subject, or the developer of a subject model, and the "
         "organisations an accused actor is affiliated with) and each actor a policy targets "
         "gets a response entry, even if it is 'no public response found in the sources "
         "reviewed (up to DATE)'.",
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
         "publisher: CNN here, Reuters there", "Nothing to do; see KB225.", retired=True),
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
