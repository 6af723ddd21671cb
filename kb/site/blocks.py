"""Markdown fragments shared by record pages: banners, figures, evidence lists, citations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kb.records import Evidence, Incident, Policy, Record, Source
from kb.records.claim import Claim, EvidenceRef, Figure, Response
from kb.records.types import date_bounds, date_phrase, date_words
from kb.records.vocab import (
    NOT_SUPPORTED_STATUSES,
    STATUS_CLASSES,
    ClaimStatus,
    EvidenceKind,
    FigureQualifier,
    Reliability,
    ResponseStance,
    Stance,
    StatusClass,
)
from kb.site.context import SiteContext, page_of, rel, rel_html
from kb.site.text import attr, html_block, inline, markdown_html, safe_url

#: Sections readers search by are indexed; long reference sections are left out of search.
NO_SEARCH = "{ data-search-exclude }"

#: Admonition type per claim status: the colour only repeats what the words say.
STATUS_STYLE: dict[ClaimStatus, str] = {
    ClaimStatus.ALLEGED: "warning",
    ClaimStatus.DISPUTED: "warning",
    ClaimStatus.DENIED: "warning",
    ClaimStatus.UNSUBSTANTIATED: "question",
    ClaimStatus.CORROBORATED: "info",
    ClaimStatus.CONFIRMED: "success",
    ClaimStatus.SELF_DECLARED: "success",
    ClaimStatus.REFUTED: "failure",
    ClaimStatus.RETRACTED: "failure",
}

_QUALIFIER_WORDS = {
    FigureQualifier.EXACTLY: "",
    FigureQualifier.APPROXIMATELY: "about ",
    FigureQualifier.OVER: "over ",
    FigureQualifier.AT_LEAST: "at least ",
    FigureQualifier.UP_TO: "up to ",
    FigureQualifier.ORDER_OF: "of the order of ",
}


#: Hyphenated words that stay hyphenated when a vocabulary value is written as words.
_COMPOUNDS = ("self-declared", "self-identified", "self-identification", "fine-tuned", "fine-tune",
              "first-hand", "open-weights", "hash-verified")


def label(value: object) -> str:
    """A vocabulary value as words for readers: 'extracted-outputs-from' -> 'extracted outputs
    from', 'government-body' -> 'government body', 'self-declared' stays (not escaped)."""
    text = str(value)
    keep = [c for c in _COMPOUNDS if c in text]
    for i, c in enumerate(keep):
        text = text.replace(c, f"\x00{i}\x00")
    text = text.replace("-", " ")
    for i, c in enumerate(keep):
        text = text.replace(f"\x00{i}\x00", c)
    return text


def heading(level: int, text: str, *, search: bool = False, anchor: str | None = None) -> str:
    """A heading written by the site (``text`` is trusted); optionally kept out of search."""
    attrs = [f"#{anchor}"] if anchor else []
    if not search:
        attrs.append("data-search-exclude")
    suffix = " { " + " ".join(attrs) + " }" if attrs else ""
    return f"{'#' * level} {text}{suffix}\n"


def admonition(kind: str, title: str, body: Sequence[str]) -> str:
    """An admonition; ``title`` and ``body`` are already escaped Markdown."""
    safe_title = title.replace('"', "&#34;")
    lines = [f'!!! {kind} "{safe_title}"', ""]
    lines.extend(f"    {line}" if line else "" for line in body)
    return "\n".join(lines) + "\n"


def status_word(status: ClaimStatus) -> str:
    return f"**{status.value}**"


def status_counts(statuses: Iterable[ClaimStatus]) -> str:
    counts = Counter(statuses)
    return ", ".join(f"{n} {s.value}" for s, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def figure_text(fig: Figure, *, html: bool = False) -> str:
    """'over 16,000,000 exchanges (as stated: "over 16 million")', escaped."""
    if fig.value is None:
        main = inline(fig.as_stated or "no figure given") + " " + inline(fig.unit)
    else:
        words = _QUALIFIER_WORDS.get(fig.qualifier, fig.qualifier.value.replace("-", " ") + " ")
        main = words + number(fig.value) + " " + inline(fig.unit)
    text = f"{inline(fig.name)}: <strong>{main}</strong>" if html else f"{inline(fig.name)}: **{main}**"
    if fig.value is not None and fig.as_stated:
        text += f" (as stated: “{inline(fig.as_stated)}”)"
    if fig.period and (fig.period.start or fig.period.end):
        text += f", period {inline(fig.period.start or '?')} to {inline(fig.period.end or '?')}"
    return text


def evidence_refs(ids: Iterable[str], known: set[str]) -> str:
    """Links to evidence items on the same page (local ids are validated slugs)."""
    parts = [f"[{inline(i)}](#ev-{i})" if i in known else inline(i) for i in ids]
    return ", ".join(parts) or "&#8212;"


# Long, repetitive parts of record pages are written as raw HTML blocks: Python-Markdown's
# inline processing was most of the MkDocs build time. Text in them still goes through
# inline(), whose output (numeric entities, no < > &) is valid inert HTML text.

def a_ext(text: object, url: str) -> str:
    """An external link in raw HTML; plain text when the URL is not http(s)."""
    safe = safe_url(url)
    if safe is None:
        return inline(text)
    return f'<a href="{attr(safe)}" rel="nofollow noopener">{inline(text)}</a>'


def a_page(ctx: SiteContext, page: str, record_id: str) -> str:
    """A link in raw HTML to a record's page (.html: MkDocs does not rewrite raw HTML)."""
    record = ctx.by_id.get(record_id)
    if record is None:
        return inline(record_id)
    return f'<a href="{attr(rel_html(page, page_of(record)))}">{inline(record.display_name)}</a>'


def evidence_refs_html(ids: Iterable[str], known: set[str]) -> str:
    parts = [f'<a href="#ev-{i}">{inline(i)}</a>' if i in known else inline(i) for i in ids]
    return ", ".join(parts) or "&#8212;"


def html_list(css_class: str, items: Iterable[str]) -> str:
    """A raw HTML list as one block (no blank line inside)."""
    body = "\n".join(f"<li>{item}</li>" for item in items)
    return f'<ul class="{css_class}">\n{body}\n</ul>\n'


#: Evidence kinds in words, for readers (the vocabulary value is the code).
KIND_WORDS: dict[EvidenceKind, str] = {
    EvidenceKind.PRIMARY_STATEMENT: "the party's own statement",
    EvidenceKind.GOVERNMENT_DOCUMENT: "government document",
    EvidenceKind.COURT_FILING: "court filing",
    EvidenceKind.TECHNICAL_REPORT: "technical report",
    EvidenceKind.PAPER: "paper",
    EvidenceKind.NEWS: "news report",
    EvidenceKind.ANALYSIS: "analysis or commentary",
    EvidenceKind.SOCIAL_POST: "social-media post",
    EvidenceKind.DATASET: "published dataset",
    EvidenceKind.TRANSCRIPT_ANALYSIS: "transcript analysis",
}


def reliability_words(source: Source) -> str:
    """'usually reliable (grade B)' from the Admiralty grade's definition."""
    grade = Reliability(source.reliability)
    return f"{grade.definition.split(':')[0].lower().rstrip('.')} (grade {grade.value})"


def sentences(parts: Iterable[str]) -> str:
    """Join escaped phrases as sentences, each ending with one full stop (never '.;' or '..')."""
    out = []
    for part in parts:
        text = part.strip()
        if not text:
            continue
        out.append(text if text.endswith((".", "?", "!")) else text + ".")
    return " ".join(out)


def evidence_item(ctx: SiteContext, page: str, ev: Evidence) -> str:
    """One evidence entry (HTML): the source's title linked to the page itself, publisher, date,
    what kind of source it is and how reliable, read from the source record, and a link to the
    source's page. The list is numbered; the id is only an anchor (``#ev-<id>``)."""
    source = ctx.source_of(ev)
    head = f'<span id="ev-{ev.id}"></span>'
    if source is None:  # only for a KB with errors: `kb build` refuses those
        return head + f"unknown source {inline(ev.source)}"
    head += f'<span class="kb-ev-title">{a_ext(source.display_name, source.url)}</span>'
    when = inline(date_words(source.published)) if source.published else "undated"
    if source.date_note:
        when += f" ({inline(source.date_note)})"
    meta = [f"{inline(source.publisher)}, {when}",
            f"{inline(KIND_WORDS.get(source.kind, label(source.kind)).capitalize())}"
            + (", first-hand" if source.first_hand else "")
            + f"; {inline(reliability_words(source))}"]
    if source.relays:
        meta.append("Repeats " + ", ".join(a_page(ctx, page, s) for s in source.relays))
    if not source.reviewed:
        meta.append("<strong>Not read by the editors</strong>; seen cited in "
                    + (", ".join(a_page(ctx, page, s) for s in source.cited_in) or "&#8212;"))
    if ev.locator:
        meta.append("Where: " + inline(ev.locator))
    meta += [inline(note) for note in (source.note, ev.note) if note]
    links = []
    if source.archives:
        links.append("archived: " + ", ".join(
            a_ext(f"copy {n}", url) for n, url in enumerate(source.archives, 1)))
    others = len({c.record.id for c in ctx.citations.get(source.id, [])}) - 1
    about = "about this source"
    if others > 0:
        about += f", cited by {others} other record{'s' * (others > 1)}"
    links.append(f'<a href="{attr(rel_html(page, page_of(source)))}">{about}</a>')
    if source.sha256:
        captured = f", captured {inline(date_words(source.captured))}" if source.captured else ""
        links.append(f'<span class="kb-machine">snapshot SHA-256 <code>{source.sha256}</code>'
                     f"{captured}</span>")
    return (head + f'<br><span class="kb-ev-meta">{sentences(meta)}</span>'
            + f'<br><span class="kb-ev-links">{" · ".join(links)}</span>')


def evidence_section(ctx: SiteContext, page: str, items: Sequence[Evidence]) -> str:
    """Every source the record cites, numbered as the citations [1], [2] ... on the page."""
    if not items:
        return ""
    body = "\n".join(f"<li>{evidence_item(ctx, page, ev)}</li>" for ev in items)
    return (heading(2, "Sources", anchor="sources") + "\n"
            + f'<ol class="kb-evidence">\n{body}\n</ol>\n')


def record_banners(ctx: SiteContext, page: str, record: Record, *, note: bool = True) -> str:
    """Withdrawn / superseded banners and (``note``) the editors' note."""
    out: list[str] = []
    if record.withdrawn is not None:
        out.append(admonition("danger", "Withdrawn record", [
            f"The editors withdrew this record on {inline(record.withdrawn.date)}: "
            f"{inline(record.withdrawn.reason)}",
            "It stays published so that links and citations keep working."]))
    if record.superseded_by:
        out.append(admonition("info", "Superseded", [
            "This record is superseded by " + ctx.ref(page, record.superseded_by) + "."]))
    if note and record.editorial_note:
        out.append(admonition("note", "Editors' note", [inline(record.editorial_note)]))
    return "\n".join(out)


def reviewed_phrase(record: Record) -> str:
    """'sources reviewed up to 29 November 2026 (saved copies); live pages not checked'."""
    from kb.records.phrases import review_phrase

    return review_phrase(record.sources_reviewed_up_to, record.last_checked_live)


def record_footer(ctx: SiteContext, page: str, record: Record, title: str) -> str:
    """'Cite this' (plain text and BibTeX), how far the sources were reviewed, the record file
    and edit link, the record as data (JSON API, feed), and the page's schema.org JSON-LD."""
    from kb.export.jsonld import record_jsonld, script
    from kb.site.text import html_text

    permalink = ctx.permalink(record)
    reviewed = reviewed_phrase(record)
    plain = f"distillation-kb, “{title}”, record {record.id}, {reviewed}, {permalink}"
    bib_title = "".join("\\" + c if c in "{}\\%$&#_^~" else c for c in " ".join(title.split()))
    bibtex = "\n".join([
        f"@misc{{distillationkb:{record.id},",
        f"  title        = {{{bib_title}}},",
        "  howpublished = {distillation-kb},",
        f"  url          = {{{permalink}}},",
        f"  note         = {{Record {record.id}, {reviewed}}}",
        "}",
    ])
    file = ctx.kb.file_of.get(record.id, f"{record.folder}/{record.id}.yaml")
    edit = ctx.edit_link(record)
    detail = [f"Record id: <code>{html_text(record.id)}</code> (the page's permanent address)",
              f"Source file: <code>{html_text(file)}</code>"
              + (f" — {a_ext('edit this record', edit)}" if edit else "")]
    if record.former_ids:
        detail.append("Former ids: " + ", ".join(f"<code>{html_text(i)}</code>" for i in record.former_ids))
    detail += _open_data(page, record)
    lines = [
        heading(2, "Cite this"), "",
        '<div class="kb-cite">',
        f"<p>{html_text(plain)}</p>",
        "<details><summary>BibTeX</summary><pre><code>" + html_text_block(bibtex)
        + "</code></pre></details>",
        "</div>", "",
        heading(2, "About this record"), "",
        f'<p class="kb-reviewed">The editors\' review: {inline(reviewed)}.</p>', "",
        '<details class="kb-machine"><summary>Record id, file and data</summary><ul>'
        + "".join(f"<li>{d}</li>" for d in detail) + "</ul></details>", "",
    ]
    lines += [script(record_jsonld(record, permalink, " ".join(title.split())))]
    return "\n".join(lines) + "\n"


def _open_data(page: str, record: Record) -> list[str]:
    """Where the record is as data: its JSON API file and, for actors and models, its feed."""
    from kb.site.exports import API, feed_link

    api = f"{API}/v1/{record.folder}/{record.id}.json"
    line = f'As data: <a href="{attr(rel(page, api))}">JSON</a>'
    feed = feed_link(record)
    if feed:
        line += f' · <a href="{attr(rel(page, feed))}">Atom feed of changes</a>'
    return [line]


def html_text_block(text: str) -> str:
    """Escape multi-line text for a raw <pre> block; newlines as entities (one HTML block)."""
    import html

    return html.escape(text, quote=True).replace("\n", "&#10;")


# --- Claim cards: who claims what about whom, how sure, what the accused said, on what sources.
# Shared by incident and policy pages (and by any page that lists claims: import claim_card).

#: Predicates as verbs between subject and object.
PREDICATE_WORDS: dict[str, str] = {
    "violated-terms-of": "violated the terms of",
    "circumvented-access-controls": "circumvented the access controls of",
    "restricted-access-of": "restricted the access of",
    "reused-architecture-of": "reused the architecture of",
    "relayed-requests-to": "relayed requests to",
}

#: What a response stance says, as a verb phrase after the party's name.
STANCE_WORDS: dict[ResponseStance, str] = {
    ResponseStance.DENIED: "denied it",
    ResponseStance.DISPUTED: "disputed it",
    ResponseStance.ACKNOWLEDGED: "acknowledged it, in whole or in part",
    ResponseStance.DECLINED_TO_COMMENT: "declined to comment when asked",
    ResponseStance.DID_NOT_RESPOND: "did not answer a request for comment in time for the report",
    ResponseStance.COMMENTED: "commented",
    ResponseStance.NO_RESPONSE_FOUND: "made no public response found in the sources reviewed",
}

#: Statuses whose content is established (an official record, an admission, a self-declaration).
ESTABLISHED = frozenset(s for s, c in STATUS_CLASSES.items() if c is StatusClass.ESTABLISHED)
#: Statuses whose content is not supported: never shown as alleged.
NOT_SUPPORTED = NOT_SUPPORTED_STATUSES


def predicate_words(predicate: object) -> str:
    return PREDICATE_WORDS.get(str(predicate), label(predicate))


def claim_words(ctx: SiteContext, claim: Claim) -> str:
    """'DeepSeek extracted outputs from Claude' without links, escaped (for headings)."""
    return inline(f"{ctx.name(claim.subject)} {predicate_words(claim.predicate)} "
                  f"{ctx.name(claim.object)}")


def claim_link_words(ctx: SiteContext, page: str, claim: Claim) -> str:
    """The same, with the subject and object linked (raw HTML)."""
    return (f"{a_page(ctx, page, claim.subject)} {inline(predicate_words(claim.predicate))} "
            f"{a_page(ctx, page, claim.object)}")


def stated_when(claim: Claim) -> str:
    """'on 23 February 2026', 'in 2026', or 'at a date not recorded' (an undated observation)."""
    return date_phrase(claim.stated_on) if claim.stated_on else "at a date not recorded"


def status_label(status: ClaimStatus) -> str:
    return label(status).capitalize()


def status_badge(status: ClaimStatus) -> str:
    """The status as a word in a badge; its class only repeats the word (colour and border)."""
    return f'<span class="kb-badge kb-st-{status.value}">{inline(label(status))}</span>'


class Citations:
    """Numbers for a record's evidence items ([1], [2] ... in record order), linked to the
    numbered list of sources on the record's page (``#ev-<id>``), from this page or another."""

    def __init__(self, record: Record, page: str | None = None) -> None:
        items = getattr(record, "evidence", None) or []
        self.numbers = {e.id: n for n, e in enumerate(items, 1)}
        own = page_of(record)
        self.prefix = "" if page is None or page == own else rel_html(page, own)

    def one(self, ev_id: str) -> str:
        n = self.numbers.get(ev_id)
        if n is None:
            return inline(ev_id)
        return f'<a class="kb-ref" href="{attr(self.prefix)}#ev-{ev_id}">[{n}]</a>'

    def refs(self, ids: Iterable[str]) -> str:
        return "".join(self.one(i) for i in ids)


def as_of_phrase(record: Record, up_to: str | None = None) -> str:
    """'in the sources reviewed up to 29 November 2026 (saved copies; live pages not checked)':
    how far the editors looked, never a live check unless one is recorded. ``up_to`` (a
    response's own date) wins when it is earlier than the record's review date."""
    from kb.records.phrases import reviewed_up_to_phrase

    dates = [d for d in (up_to, record.sources_reviewed_up_to) if d]
    if not dates:
        text = "in the sources reviewed"
    else:
        text = reviewed_up_to_phrase(min(dates, key=lambda d: date_bounds(d)[1]))
    if record.last_checked_live:
        return text + f" (live pages last checked {date_phrase(record.last_checked_live)})"
    return text + " (saved copies; live pages not checked)"


def no_response_text(party_html: str, record: Record, response: Response) -> str:
    """What a `no-response-found` entry means, saying how far the search went."""
    return (f"No public response from {party_html} was found "
            f"{inline(as_of_phrase(record, response.date))}.")


def accused_of(ctx: SiteContext, claim: Claim) -> list[str]:
    from kb.validation.rules import accused_parties

    return accused_parties(ctx.kb, claim)


def responses_for(ctx: SiteContext, record: Incident | Policy, claim: Claim) -> list[Response]:
    """Responses that answer this claim: named for it, or given by a party it accuses (or its
    subject) without naming claims."""
    parties = {claim.subject, *accused_of(ctx, claim)}
    return [r for r in record.responses
            if claim.id in r.claims or (not r.claims and r.party in parties)]


def response_html(ctx: SiteContext, page: str, record: Record, r: Response,
                  cites: Citations) -> str:
    """One response in words: who, what stance, when, what they said, on which sources."""
    party = a_page(ctx, page, r.party)
    if r.stance is ResponseStance.NO_RESPONSE_FOUND:
        head = no_response_text(f"<strong>{party}</strong>", record, r)
    else:
        speaker = f" ({inline(r.speaker)})" if r.speaker else ""
        note = f" ({inline(r.date_note)})" if r.date_note else ""
        head = (f"<strong>{party}</strong>{speaker} {inline(STANCE_WORDS[r.stance])} "
                f"{inline(date_phrase(r.date))}{note}.")
    quote = f" “{inline(r.quote)}”" if r.quote else ""
    return f"{head} {inline(r.summary)}{quote} {cites.refs(r.evidence)}".rstrip()


def _strength(ctx: SiteContext, items: dict[str, Evidence], ref: EvidenceRef) -> tuple[object, ...]:
    """Sort key, strongest first: supporting, read by the editors, then kb.evidence.strength's
    ranking (kind, first-hand, grade) — the one ranking of sources the CLI and graph use too."""
    from kb.evidence.strength import rank_key

    ev = items.get(ref.ref)
    source = ctx.source_of(ev) if ev is not None else None
    if source is None:
        return (True, True, (99, True, 99))
    return (ref.stance is not Stance.SUPPORTS, not source.reviewed, rank_key(source))


def ranked_refs(ctx: SiteContext, record: Incident | Policy, claim: Claim) -> list[EvidenceRef]:
    """The claim's evidence, strongest first (stable for equal strength). Sources the editors
    did not read never come before one they read. The one place that ranks sources for a card:
    swap in kb.graph/kb.evidence's "strongest source" here when it reads the source records."""
    items = {e.id: e for e in record.evidence}
    return sorted(claim.evidence, key=lambda ref: _strength(ctx, items, ref))


def _source_words(ctx: SiteContext, record: Incident | Policy, ref: EvidenceRef) -> str:
    items = {e.id: e for e in record.evidence}
    ev = items.get(ref.ref)
    source = ctx.source_of(ev) if ev is not None else None
    if source is None:
        return ""
    words = KIND_WORDS.get(source.kind, label(source.kind))
    unread = ", not read by the editors" if not source.reviewed else ""
    return f"{inline(source.publisher)} ({inline(words)}{unread})"


#: How many sources a card names before listing the rest by number.
CARD_SOURCES = 3


def sources_html(ctx: SiteContext, record: Incident | Policy, claim: Claim, cites: Citations) -> str:
    ranked = ranked_refs(ctx, record, claim)
    supporting = [r for r in ranked if r.stance is Stance.SUPPORTS]
    rest = [r for r in ranked if r.stance is not Stance.SUPPORTS]
    lines = []
    if supporting:
        named = supporting[:CARD_SOURCES]
        text = "; ".join(f"{cites.one(r.ref)} {_source_words(ctx, record, r)}" for r in named)
        more = supporting[CARD_SOURCES:]
        if more:
            text += "; also " + cites.refs(r.ref for r in more)
        lines.append(f"<strong>Sources</strong>, strongest first: {text}")
    for stance in (Stance.DISPUTES, Stance.CONTEXT):
        refs = [r for r in rest if r.stance is stance]
        if refs:
            word = "Disputing" if stance is Stance.DISPUTES else "Background"
            lines.append(f"<strong>{word}</strong>: " + "; ".join(
                f"{cites.one(r.ref)} {_source_words(ctx, record, r)}" for r in refs))
    quotes = [f"“{inline(r.quote)}” {cites.one(r.ref)}" for r in ranked if r.quote]
    if quotes:
        lines.append("<strong>Quoted</strong>: " + " ".join(quotes))
    return "".join(f'<p class="kb-claim-sources">{line}</p>' for line in lines)


def figure_line(fig: Figure, who_html: str | None, cites: Citations) -> str:
    """'exchanges: over 150,000 exchanges (as stated: “over 150,000”), according to
    Anthropic [4]', with the figure's note."""
    according = f", according to {who_html}" if who_html else ""
    note = f" ({inline(fig.note)})" if fig.note else ""
    text = figure_text(fig, html=True)
    return f"{text[:1].upper()}{text[1:]}{according}{note} {cites.refs(fig.evidence)}"


def status_line(ctx: SiteContext, page: str, claim: Claim) -> str:
    """'Alleged by Anthropic on 23 February 2026', 'Denied on 5 July 2025; alleged by
    HonestAGI on 4 July 2025', 'Unsubstantiated: attributed to ..., but no source reviewed
    makes or supports it' — the status in words, with its date and who made the claim."""
    s = claim.status
    who, when = a_page(ctx, page, claim.claimant), inline(stated_when(claim))
    last = claim.history[-1] if claim.history and claim.history[-1].status is s else None
    since = f" {inline(date_phrase(last.date))}" if last is not None and s is not ClaimStatus.ALLEGED \
        else ""
    word = inline(status_label(s))
    if s in (ClaimStatus.ALLEGED, ClaimStatus.SELF_DECLARED):
        text = f"{word} by {who} {when}"
    elif s in (ClaimStatus.DENIED, ClaimStatus.DISPUTED):
        text = f"{word}{since}; alleged by {who} {when}"
    elif s is ClaimStatus.RETRACTED:
        text = f"{word}{since}: withdrawn by {who}, who made it {when}"
    elif s is ClaimStatus.UNSUBSTANTIATED:
        text = f"{word} claim by {who} ({when.replace('on ', '', 1)}), not supported by the sources reviewed"
    else:
        text = f"{word}{since}; stated by {who} {when}"
    date_note = f" ({inline(claim.date_note)})" if claim.date_note else ""
    return (f"{status_badge(s)} {text}{date_note}. "
            f'<span class="kb-def">{inline(s.definition)}</span>')


def history_line(claim: Claim, cites: Citations) -> str:
    if len(claim.history) < 2:
        return ""
    steps = " → ".join(
        f"{inline(label(h.status))} {inline(date_phrase(h.date))}"
        + (f" ({inline(h.note)})" if h.note else "") + f" {cites.refs(h.evidence)}"
        for h in claim.history)
    return f'<p class="kb-claim-history"><strong>Status history</strong>: {steps}</p>'


@lru_cache(maxsize=1)
def _vocabulary_values() -> frozenset[str]:
    from kb.records.vocab import VOCABULARIES

    return frozenset(m.value for v in VOCABULARIES.values() for m in v if "-" in m.value)


def humanise(ctx: SiteContext, text: str, cites: Citations) -> str:
    """Machine text (evidence-score reasons) for readers: evidence ids as their citation
    numbers, record ids as names, vocabulary codes as words, no Markdown backticks; escaped."""
    import re

    codes = _vocabulary_values()

    def word(m: re.Match[str]) -> str:
        token = m.group()
        if token in cites.numbers:
            return f"KBREF{cites.numbers[token]}KBREF"
        if token in ctx.by_id:
            return ctx.name(token)
        return label(token) if token in codes else token

    by_number = {n: i for i, n in cites.numbers.items()}
    out = inline(re.sub(r"[a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9]", word, text.replace("`", "")))
    return re.sub(r"KBREF([0-9]+)KBREF", lambda m: cites.one(by_number[int(m.group(1))])
                  if int(m.group(1)) in by_number else m.group(), out)


def score_html(ctx: SiteContext, record: Incident | Policy, claim: Claim, cites: Citations) -> str:
    """The transparent evidence score (kb/evidence/score.py), each point with its reason."""
    from kb.evidence.score import score_claim

    if not isinstance(record, Incident):
        return ""
    score = score_claim(ctx.kb, record, claim, ctx.options.verified)
    parts = "".join(f"<li>{inline(c.label.capitalize())}: {c.points:+d} — "
                    f"{humanise(ctx, c.reason, cites)}</li>" for c in score.components)
    flags = "".join(f"<li>{humanise(ctx, f, cites)}</li>" for f in score.flags)
    return (f"<p>Evidence score: <strong>{score.total} of {score.maximum}</strong> "
            f"({inline(score.band)}). It describes the evidence recorded, not whether the claim "
            f"is true, and never sets the status.</p><ul>{parts}</ul>"
            + (f"<p>Points to check:</p><ul>{flags}</ul>" if flags else ""))


def claim_card(ctx: SiteContext, page: str, record: Incident | Policy, claim: Claim, *,
               level: int = 3, anchor: str | None = None, show_record: bool = False) -> str:
    """One claim as a card: a heading with the status and the claim in words, who made it and
    when, the statement, the figures (according to the claimant), the accused party's response,
    the strongest sources as numbered citations, and the machine detail folded away.

    ``anchor`` defaults to ``claim-<id>`` (the permalink on the record's own page); on another
    page pass a unique one and ``show_record=True`` to name and link the record."""
    cites = Citations(record, page)
    anchor = anchor or f"claim-{claim.id}"
    title = f"{inline(status_label(claim.status))}: {claim_words(ctx, claim)}"
    body = [f'<p class="kb-claim-status">{status_line(ctx, page, claim)}</p>']
    if show_record:
        body.append(f'<p class="kb-claim-record">In {a_page(ctx, page, record.id)}</p>')
    body.append(f'<div class="kb-statement">{markdown_html(claim.statement)}</div>')
    facts = []
    if claim.method:
        facts.append(f"How, as the claimant describes it: {inline(claim.method)}")
    if claim.access_channel:
        facts.append(f"Access channel: {inline(claim.access_channel)}")
    if claim.period and (claim.period.start or claim.period.end):
        facts.append(f"Period: {inline(claim.period.start or '?')} to "
                     f"{inline(claim.period.end or '?')}")
    who = a_page(ctx, page, claim.claimant)
    facts += [figure_line(f, who, cites) for f in claim.figures]
    if facts:
        body.append('<ul class="kb-claim-facts">' + "".join(f"<li>{f}</li>" for f in facts) + "</ul>")
    replies = responses_for(ctx, record, claim)
    accused = accused_of(ctx, claim)
    if replies:
        body.append('<div class="kb-reply"><p class="kb-reply-head">Response</p>'
                    + "".join(f"<p>{response_html(ctx, page, record, r, cites)}</p>" for r in replies)
                    + "</div>")
    elif accused and claim.status not in (ClaimStatus.SELF_DECLARED, ClaimStatus.RETRACTED):
        names = ", ".join(a_page(ctx, page, a) for a in accused)
        body.append(f'<div class="kb-reply"><p class="kb-reply-head">Response</p><p>No response '
                    f"from {names} is recorded {inline(as_of_phrase(record))}.</p></div>")
    body.append(history_line(claim, cites))
    body.append(sources_html(ctx, record, claim, cites))
    machine = score_html(ctx, record, claim, cites)
    machine += (f'<p>Claim id <code>{inline(claim.id)}</code> in record '
                f"<code>{inline(record.id)}</code>; permalink "
                f'<a href="#{attr(anchor)}">#{inline(anchor)}</a>.</p>')
    body.append('<details class="kb-machine"><summary>Evidence score and record detail</summary>'
                f"{machine}</details>")
    css = f"kb-claim kb-st-{claim.status.value}"
    return (heading(level, title, anchor=anchor) + "\n"
            + html_block(css, "\n".join(b for b in body if b)))


def claim_cards(ctx: SiteContext, page: str, record: Incident | Policy, *, level: int = 2) -> str:
    """The record's claims as cards under one heading (empty when it has none)."""
    if not record.claims:
        return ""
    intro = ("Each claim is one party's assertion, in the editors' words; the status says how far "
             "the sources reviewed support it. Numbers in brackets are the sources listed at the "
             "end of the page.")
    return "\n".join([heading(level, "Claims", anchor="claims"), "", intro, "",
                      *(claim_card(ctx, page, record, c, level=level + 1) for c in record.claims)])
