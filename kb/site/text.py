"""Escaping for every place YAML text reaches: Markdown, HTML, tables, Mermaid, JavaScript.

Record text is untrusted (anyone can open a pull request). The rule is simple: a string from a
record is never pasted into a page as-is. Plain text goes through :func:`inline` (Markdown and
HTML inert), attributes through :func:`attr`, Mermaid labels through :func:`kb.graph.mermaid.mermaid_label`,
data for scripts through :func:`js_assign`, and the Markdown a summary may contain through
:func:`markdown_html` (raw HTML off, http(s) links only, then sanitised with nh3).
"""

from __future__ import annotations

import html
import json
import re
import string
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

#: Characters left as they are in Markdown text; everything else becomes a numeric entity.
_PLAIN = frozenset(string.ascii_letters + string.digits + " ,.;:'\"()/?%@-")
_LETTERS = frozenset(string.ascii_letters)
_LIST_START = re.compile(r"[0-9]+[.)]")


def _entity(ch: str) -> str:
    return f"&#{ord(ch)};"


def _noncharacter(c: str) -> bool:
    """U+FDD0..U+FDEF and U+xFFFE/U+xFFFF: reserved never to be text (HTML drops them)."""
    o = ord(c)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def plain(value: object) -> str:
    """The text on one line: control characters and noncharacters dropped, runs of whitespace
    made one space."""
    text = str(value)
    if not text.isprintable():
        text = "".join(c for c in text if c.isspace()
                       or (unicodedata.category(c) != "Cc" and not _noncharacter(c)))
    return " ".join(text.split())


_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 ,.;:'\"()/?%@\-\u0080-\U0010ffff]")


def inline(value: object) -> str:
    """Plain text for a Markdown line or table cell: no markup, no HTML, no line breaks.

    Markdown-significant and HTML-significant characters become numeric entities, which both
    Python-Markdown and browsers show as the character itself; newlines become spaces. The
    first character is escaped too unless it is a letter (or a digit not starting a numbered
    list), so the text cannot start a list, a heading, a quote or an admonition.
    """
    text = plain(value)
    if not text:
        return text
    first = text[0]
    keep_first = (first in _LETTERS or ord(first) > 127
                  or (first.isdigit() and not _LIST_START.match(text)))
    out = (_escape(first) if keep_first else _entity(first)) + _escape(text[1:])
    if not text.isascii():  # non-printable characters above ASCII (e.g. U+2028) as entities
        out = "".join(c if ord(c) < 128 or c.isprintable() else _entity(c) for c in out)
    return out


def aside(note: object) -> str:
    """A note put in brackets after a phrase: " (note)", with a full stop at its end dropped
    (a sentence that goes on after the bracket would otherwise read "... 2025.).")."""
    text = plain(note) if note else ""
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return f" ({inline(text)})" if text else ""


def _escape(text: str) -> str:
    return _UNSAFE_ASCII.sub(lambda m: _entity(m.group()), text)


def attr(value: object) -> str:
    """Text for an HTML attribute value written between double quotes."""
    return html.escape(" ".join(str(value).split()), quote=True)


def html_text(value: object) -> str:
    """Text for the body of a raw HTML element (the page keeps it as raw HTML)."""
    return html.escape(" ".join(str(value).split()), quote=True)


@lru_cache(maxsize=65536)
def safe_url(value: str) -> str | None:
    """The URL if it is http(s) with a host and only visible characters, else None (records
    refuse others, KB106 and KB120; this is the belt)."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() in ("http", "https") and host and all(
            c.isprintable() and not c.isspace() for c in value):
        return value
    return None


def link(text: object, url: str) -> str:
    """A Markdown link to an external http(s) URL; plain text when the URL is not http(s)."""
    safe = safe_url(url)
    if safe is None:
        return inline(text)
    return f"[{inline(text)}]({url_dest(safe)})"


_URL_ESCAPES = {c: f"%{ord(c):02X}" for c in "()<>\"' `\\[]{}|^"}


def url_dest(url: str) -> str:
    """A URL as a Markdown link destination: characters Markdown or HTML could read as syntax
    are percent-encoded (the URL still leads to the same page)."""
    return "".join(_URL_ESCAPES.get(c, c) for c in url)


def cell(value: object) -> str:
    """Text for a Markdown table cell (``|`` is already an entity in :func:`inline`)."""
    return inline(value) or "&#8212;"


def js_assign(name: str, data: object) -> str:
    """A JavaScript statement assigning JSON ``data`` to ``window[name]``, safe in any context."""
    payload = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        payload = payload.replace(raw, esc)
    return f"window[{json.dumps(name)}] = {payload};\n"


_ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "pre", "blockquote",
                 "h3", "h4", "h5", "h6", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
                 "s", "del"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # a remote image would be a request to another host on page view
    md.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    return md


#: Anything Markdown could read as markup: special characters, blank lines, hard breaks, or a
#: line that starts with whitespace, a list, quote or heading-underline character.
_MARKUP = re.compile(r"[*_\[\]<>&`#|~!\\{}]|  \n|\n[ \t]*\n|(?:^|\n)(?:[ \t]|[-+=>]|[0-9]+[.)])")


def markdown_html(source: str) -> str:
    """Render a record's Markdown (summary, statement) to sanitised HTML on one block.

    Raw HTML in the source is shown as text, links are http(s) only, images are not loaded,
    headings are demoted below the page's own, and the result is cleaned by nh3 as a second
    line of defence. Blank lines are removed so Python-Markdown keeps the block as one raw
    HTML block.
    """
    source = source.replace("\r\n", "\n")
    if not source.strip():
        return ""
    if not _MARKUP.search(source):  # plain prose (most summaries): skip the Markdown parser
        prose = source.strip().replace(" \n", "\n")  # markdown-it drops one space before a soft break
        return "<p>" + html.escape(prose, quote=False).replace('"', "&quot;") + "</p>"
    rendered = _markdown().render(source)
    for level in (2, 1):  # demote h1/h2 to h3/h4 so record text cannot fake page sections
        rendered = rendered.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>")
    clean = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"style"}, "td": {"style"}},
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    # Newlines inside <pre> become entities so no blank line can end the raw HTML block.
    return "".join(
        part if i % 2 == 0 else part.replace("\n", "&#10;")
        for i, part in enumerate(_split_pre(clean))
    ).replace("\n\n", "\n").replace("`", "&#96;").replace("~", "&#126;").strip()


def _split_pre(text: str) -> list[str]:
    parts: list[str] = []
    rest = text
    while "<pre>" in rest:
        head, _, tail = rest.partition("<pre>")
        body, _, rest = tail.partition("</pre>")
        parts.extend([head + "<pre>", body])
        rest = "</pre>" + rest
    parts.append(rest)
    return parts


def html_block(css_class: str, inner_html: str) -> str:
    """Wrap trusted (already escaped or sanitised) HTML as a raw block in a Markdown page."""
    lines = [line for line in inner_html.splitlines() if line.strip()]
    return f'<div class="{attr(css_class)}">\n' + "\n".join(lines) + "\n</div>\n"
