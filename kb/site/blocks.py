"""Markdown fragments shared by record pages: banners, figures, evidence lists, citations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from kb.records import Evidence, Record
from kb.records.claim import Figure
from kb.records.types import date_phrase, date_words
from kb.records.vocab import ClaimStatus, FigureQualifier, Reliability
from kb.site.context import SiteContext, page_of, rel, rel_html
from kb.site.text import attr, inline, link, safe_url

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


def evidence_item(ctx: SiteContext, page: str, ev: Evidence) -> str:
    """One evidence entry (HTML): the source's title linked to the page itself, publisher, date,
    kind and reliability read from the source record, and a link to the source's page."""
    source = ctx.source_of(ev)
    head = f'<span id="ev-{ev.id}"></span><strong>{inline(ev.id)}</strong> '
    if source is None:  # only for a KB with errors: `kb build` refuses those
        return head + f"unknown source {inline(ev.source)}"
    head += a_ext(source.display_name, source.url)
    meta = [inline(source.publisher)]
    meta.append(inline(source.published) if source.published else "undated")
    if source.date_note:
        meta[-1] += f" ({inline(source.date_note)})"
    parts = [" · ".join(meta)]
    rel_word = Reliability(source.reliability).definition.split(":")[0].lower().rstrip(".")
    parts.append(f"kind: {inline(source.kind.value)} · reliability: "
                 f"<strong>{inline(source.reliability.value)}</strong> ({inline(rel_word)})"
                 + (" · first-hand" if source.first_hand else ""))
    if source.relays:
        parts.append("repeats " + ", ".join(a_page(ctx, page, s) for s in source.relays))
    if not source.reviewed:
        parts.append("not read by the editors; seen cited in "
                     + (", ".join(a_page(ctx, page, s) for s in source.cited_in) or "&#8212;"))
    if source.archives:
        parts.append("archived: " + ", ".join(
            a_ext(f"copy {n}", url) for n, url in enumerate(source.archives, 1)))
    if source.sha256:
        captured = f" captured {inline(source.captured)}" if source.captured else ""
        parts.append(f"snapshot SHA-256 <code>{source.sha256}</code>{captured}")
    if ev.locator:
        parts.append(inline(ev.locator))
    parts += [inline(note) for note in (source.note, ev.note) if note]
    others = len({c.record.id for c in ctx.citations.get(source.id, [])}) - 1
    about = "about this source"
    if others > 0:
        about += f", cited by {others} other record{'s' * (others > 1)}"
    parts.append(f'<a href="{attr(rel_html(page, page_of(source)))}">{about}</a>')
    return head + "<br>" + "; ".join(parts)


def evidence_section(ctx: SiteContext, page: str, items: Sequence[Evidence]) -> str:
    if not items:
        return ""
    return heading(2, "Evidence") + "\n" + html_list(
        "kb-evidence", (evidence_item(ctx, page, ev) for ev in items))


def record_banners(ctx: SiteContext, page: str, record: Record) -> str:
    """Withdrawn / superseded banners and the editors' note."""
    out: list[str] = []
    if record.withdrawn is not None:
        out.append(admonition("danger", "Withdrawn record", [
            f"The editors withdrew this record on {inline(record.withdrawn.date)}: "
            f"{inline(record.withdrawn.reason)}",
            "It stays published so that links and citations keep working."]))
    if record.superseded_by:
        out.append(admonition("info", "Superseded", [
            "This record is superseded by " + ctx.ref(page, record.superseded_by) + "."]))
    if record.editorial_note:
        out.append(admonition("note", "Editors' note", [inline(record.editorial_note)]))
    return "\n".join(out)


def reviewed_phrase(record: Record) -> str:
    """'sources reviewed up to 29 November 2026 (saved copies; live pages not checked)'."""
    if record.sources_reviewed_up_to is None:
        text = "date of source review not recorded"
    else:
        text = f"sources reviewed up to {date_words(record.sources_reviewed_up_to)} (saved copies)"
    if record.last_checked_live is None:
        return text + "; live pages not checked"
    return text + f"; live pages last checked {date_phrase(record.last_checked_live)}"


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
    lines = [
        heading(2, "Cite this"), "",
        '<div class="kb-cite">',
        f"<p>{html_text(plain)}</p>",
        "<pre><code>" + html_text_block(bibtex) + "</code></pre>",
        "</div>", "",
        heading(2, "About this record"), "",
        f"- Record id: `{record.id}`; {inline(reviewed)}",
        f"- Source file: `{file}`" + (f" — {link('edit this record', edit)}" if edit else ""),
    ]
    if record.former_ids:
        lines.append("- Former ids: " + ", ".join(f"`{i}`" for i in record.former_ids))
    lines += _open_data(page, record)
    lines += ["", script(record_jsonld(record, permalink, " ".join(title.split())))]
    return "\n".join(lines) + "\n"


def _open_data(page: str, record: Record) -> list[str]:
    """Where the record is as data: its JSON API file and, for actors and models, its feed."""
    from kb.site.exports import API, feed_link

    api = f"{API}/v1/{record.folder}/{record.id}.json"
    line = f"- As data: [JSON]({rel(page, api)})"
    feed = feed_link(record)
    if feed:
        line += f" · [Atom feed of changes]({rel(page, feed)})"
    return [line]


def html_text_block(text: str) -> str:
    """Escape multi-line text for a raw <pre> block; newlines as entities (one HTML block)."""
    import html

    return html.escape(text, quote=True).replace("\n", "&#10;")
