"""Incident pages (kb/site/incident.py) and the claim cards (kb/site/blocks.py): reading order,
statuses in words, responses beside their claims, and nothing said beyond the records."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from site_project import real_kb, real_pages

from kb.loading import KnowledgeBase
from kb.records import Incident
from kb.records.vocab import VOCABULARIES, ClaimStatus, ResponseStance
from kb.site.blocks import label
from kb.site.claimcard import NOT_SUPPORTED, as_of_phrase, claim_card
from kb.site.context import GENERATED, build_context, page_of

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return real_kb()


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return real_pages()


def _incident_pages(kb: KnowledgeBase, pages: dict[str, str]) -> list[tuple[Incident, str]]:
    return [(i, pages[page_of(i)]) for i in kb.incidents]


class _Visible(HTMLParser):
    """The text a reader sees: no tags, no folded <details> body, no scripts, no code blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.in_summary = False
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("details", "script", "pre", "code"):
            self.hidden += 1
        if tag == "summary":
            self.in_summary = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("details", "script", "pre", "code"):
            self.hidden -= 1
        if tag == "summary":
            self.in_summary = False

    def handle_data(self, data: str) -> None:
        if not self.hidden or self.in_summary:
            self.out.append(data)


def visible_text(page: str) -> str:
    body = page.split("---\n", 2)[2]
    body = re.sub(r"```mermaid.*?```", "", body, flags=re.S)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    rendered = markdown.markdown(body, extensions=["tables", "attr_list", "admonition", "toc"])
    parser = _Visible()
    parser.feed(rendered)
    return " ".join(" ".join(parser.out).split())


#: Vocabulary values a reader should never see as codes (hyphenated ones that are not words).
CODES = sorted({m.value for v in VOCABULARIES.values() for m in v if label(m.value) != m.value})


def test_page_reads_in_order_summary_claims_figures_sources_then_machine_detail(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for incident, page in _incident_pages(kb, pages):
        order = [page.index('<div class="kb-summary">')]
        if incident.claims:
            order.append(page.index("## Claims"))
        if incident.figures:
            order.append(page.index("## Figures"))
        order += [page.index("## Sources"), page.index("## About this record")]
        assert order == sorted(order), incident.id
        if incident.editorial_note:  # below what happened, never above it
            assert page.index('<div class="kb-summary">') < page.index("Editors’ note"), incident.id


def test_every_accused_party_answers_inside_its_claim_card(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    ctx = build_context(kb)
    for incident, page in _incident_pages(kb, pages):
        for claim in incident.claims:
            card = page.split(f"{{ #claim-{claim.id} ", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
            for r in incident.responses:
                if claim.id in r.claims or (not r.claims and r.party == claim.subject):
                    name = html.escape(ctx.name(r.party), quote=False).replace("'", "&#39;")
                    assert '<div class="kb-reply">' in card, (incident.id, claim.id)
                    assert f">{ctx.name(r.party)}</a></strong>" in html.unescape(card), \
                        (incident.id, claim.id, name)


def test_claims_without_support_are_never_listed_as_alleged_or_established(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    ctx = build_context(kb)
    seen = 0
    for incident, page in _incident_pages(kb, pages):
        glance = page.split("## At a glance", 1)[1].split("## Claims", 1)[0]
        established = glance.split("### What is established", 1)[1].split("###", 1)[0]
        alleged = glance.split("### What is alleged", 1)[1].split("###", 1)[0]
        for claim in incident.claims:
            link = f'<a href="#claim-{claim.id}">'
            if claim.status in NOT_SUPPORTED:
                seen += 1
                assert link not in alleged and link not in established, (incident.id, claim.id)
                assert f"### {label(claim.status).capitalize()}: " in page
            elif claim.status not in (ClaimStatus.CONFIRMED, ClaimStatus.SELF_DECLARED):
                # established holds the fact that the statement was made, never its content
                assert f"{ctx.name(claim.claimant)}</a> stated " in html.unescape(established)
    assert seen >= 2  # the DeepSeek V4 and Mistral claims


def _free_text(value: object) -> list[str]:
    """Every string a record's authors wrote (vocabulary values are not free text)."""
    from kb.records.vocab import Vocabulary

    if isinstance(value, dict):
        return [t for v in value.values() for t in _free_text(v)]
    if isinstance(value, list):
        return [t for v in value for t in _free_text(v)]
    return [value] if isinstance(value, str) and not isinstance(value, Vocabulary) else []


def test_no_vocabulary_code_backtick_or_stray_punctuation_in_visible_text(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for incident, page in _incident_pages(kb, pages):
        # the editors' own note may name a code on purpose; the site's words never do
        text = visible_text(re.sub(r'<div class="kb-editors-note">.*?</div>', "", page, flags=re.S))
        for e in incident.evidence:  # a source's note is shared text (one names an id: reported)
            note = getattr(kb.records.get(e.source), "note", None)
            text = text.replace(" ".join(note.split()), "") if note else text
        local_ids = {e.id for e in incident.evidence} | {c.id for c in incident.claims}
        words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", text))
        own = " ".join(_free_text(incident.model_dump()))  # authors may write e.g. "technical-report"
        assert not [c for c in CODES if c in words and c not in own], incident.id
        own_words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", own))
        assert not (local_ids & words) - own_words, (incident.id, local_ids & words)
        assert "`" not in text and ".;" not in text and ".." not in text.replace("...", ""), incident.id


def test_every_figure_says_whose_figure_it_is(kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for incident, page in _incident_pages(kb, pages):
        figures = [f for c in incident.claims for f in c.figures]
        items = re.findall(r"<li>[^\n]*?<strong>[^<]*</strong>[^\n]*?</li>", page)
        for fig in figures:
            assert any("according to" in li and fig.name.lower() in html.unescape(li).lower()
                       for li in items), \
                (incident.id, fig.name)


def test_involvement_figure_and_source_notes_reach_the_page(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for incident, page in _incident_pages(kb, pages):
        text = html.unescape(page)
        notes = [inv.note for inv in incident.actors if inv.note]
        notes += [f.note for f in incident.figures if f.note]
        notes += [f.note for c in incident.claims for f in c.figures if f.note]
        sources = [kb.records.get(e.source) for e in incident.evidence]
        notes += [n for s in sources if (n := getattr(s, "note", None))]
        for note in notes:  # in brackets, without a full stop of their own
            assert " ".join(note.split()).removesuffix(".") in text, (incident.id, note)


def test_no_response_found_says_how_far_the_sources_reach_never_a_live_check(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for incident, page in _incident_pages(kb, pages):
        for r in incident.responses:
            if r.stance is ResponseStance.NO_RESPONSE_FOUND:
                phrase = as_of_phrase(incident, r.date)
                assert phrase in html.unescape(page), incident.id
                assert " as of " not in visible_text(page), incident.id


def test_as_of_phrase_uses_the_review_date_and_a_live_check_only_when_recorded(
        kb: KnowledgeBase) -> None:
    incident = next(iter(kb.incidents))
    reviewed = incident.model_copy(update={"sources_reviewed_up_to": "2026-06", "last_checked_live": None})
    assert as_of_phrase(reviewed) == ("in the sources reviewed up to June 2026 "
                                      "(saved copies; live pages not checked)")
    assert as_of_phrase(reviewed, "2023-12").startswith("in the sources reviewed up to December 2023")
    live = reviewed.model_copy(update={"last_checked_live": "2026-07-01"})
    assert as_of_phrase(live).endswith("(live pages last checked on 1 July 2026)")


def test_status_line_says_status_claimant_and_date_in_words(pages: dict[str, str]) -> None:
    page = pages[f"{GENERATED}/incidents/2025-07-04-honestagi-pangu-pro-moe-qwen-fingerprint-allegation.md"]
    assert "Denied on 5 July 2025; alleged by " in page and "on 4 July 2025" in page
    page = pages[f"{GENERATED}/incidents/2026-02-23-anthropic-claude-distillation.md"]
    assert 'Alleged by <a href="../actors/anthropic.html">Anthropic</a> on 23 February 2026' in page
    # the date the status holds to: how far the sources reviewed reach
    assert "this status reflects the sources reviewed up to 29 November 2026" in page


def test_claim_card_on_another_page_links_back_to_its_record(kb: KnowledgeBase) -> None:
    ctx = build_context(kb)
    incident = kb.records["2026-02-23-anthropic-claude-distillation"]
    assert isinstance(incident, Incident)
    card = claim_card(ctx, f"{GENERATED}/actors/deepseek.md", incident, incident.claims[0],
                      home=False)
    assert "{ #" not in card and 'id="claim-' not in card  # the anchor is on the record's page
    assert 'href="../incidents/2026-02-23-anthropic-claude-distillation.html#ev-e4">[4]</a>' in card
    assert ('Recorded in <a href="../incidents/2026-02-23-anthropic-claude-distillation.html'
            '#claim-c-deepseek">') in card
    assert "<details" not in card  # the machine detail stays on the record's page


def test_claim_card_on_its_record_page_is_a_heading_with_its_permalink(kb: KnowledgeBase) -> None:
    ctx = build_context(kb)
    incident = kb.records["2026-02-23-anthropic-claude-distillation"]
    assert isinstance(incident, Incident)
    card = claim_card(ctx, f"{GENERATED}/incidents/{incident.id}.md", incident, incident.claims[0])
    assert card.startswith("### Alleged: DeepSeek extracted outputs from Claude { #claim-c-deepseek ")
    assert 'href="#ev-e4">[4]</a>' in card and "Recorded in" not in card


def test_strongest_source_is_never_one_the_editors_did_not_read(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for incident, page in _incident_pages(kb, pages):
        for m in re.finditer(r"<strong>Sources</strong>, strongest first: (.*?)</p>", page):
            named = m.group(1).split("; also ", 1)[0].split("; ")
            unread = ["not read by the editors" in n for n in named]
            assert unread == sorted(unread), incident.id  # read sources first


def test_machine_detail_reads_as_words_too(kb: KnowledgeBase, pages: dict[str, str]) -> None:
    """The folded evidence-score breakdown: no Markdown backticks, evidence ids as citation
    numbers, vocabulary codes as words."""
    for incident, page in _incident_pages(kb, pages):
        for block in re.findall(r'<details class="kb-machine">(.*?)</details>', page):
            text = re.sub(r"<code>.*?</code>|<[^>]+>", " ", block)  # ids shown as code stay
            words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", html.unescape(text)))
            assert "`" not in text, incident.id
            assert not words & {e.id for e in incident.evidence}, incident.id
            assert not words & {"no-response-found", "primary-statement", "technical-report"}, incident.id
