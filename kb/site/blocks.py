"""Markdown fragments shared by record pages: banners, figures, evidence lists, citations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kb.records import Evidence, Record, Source
from kb.records.claim import Figure
from kb.records.types import date_words
from kb.records.vocab import (
    EvidenceKind,
    FigureQualifier,
    Reliability,
)
from kb.site.context import SiteContext, page_of, rel, rel_html
from kb.site.text import aside, attr, inline, safe_url

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
              "first-hand", "hash-verified")
#: Values whose words are not the code with spaces.
_LABELS = {"api": "API"}


def label(value: object) -> str:
    """A vocabulary value as words for readers, the one place that says how: 'extracted-outputs-
    from' -> 'extracted outputs from', 'government-body' -> 'government body', 'open-weights' ->
    'open weights', 'api' -> 'API'; 'self-declared' stays (not escaped)."""
    text = str(value)
    if text in _LABELS:
        return _LABELS[text]
    keep = [c for c in _COMPOUNDS if c in text]
    for i, c in enumerate(keep):
        text = text.replace(c, f"\x00{i}\x00")
    text = text.replace("-", " ")
    for i, c in enumerate(keep):
        text = text.replace(f"\x00{i}\x00", c)
    return text


def meaning(value: object) -> str:
    """A vocabulary value's one-line definition, without its final full stop, lower-cased."""
    text = str(getattr(value, "definition", "")).rstrip(".")
    return text[:1].lower() + text[1:] if text else ""


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


def number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


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


def figure_line(fig: Figure, who_html: str | None, cites: Citations) -> str:
    """'exchanges: over 150,000 exchanges (as stated: “over 150,000”), according to
    Anthropic [4]', with the figure's note."""
    according = f", according to {who_html}" if who_html else ""
    note = aside(fig.note)
    text = figure_text(fig, html=True)
    return f"{text[:1].upper()}{text[1:]}{according}{note} {cites.refs(fig.evidence)}"


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
        when += aside(source.date_note)
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
