"""Showing why a result matched: the typed words highlighted, and the hidden text that matched.

``query`` is typed text or parsed ``Terms`` (with their synonyms); every text is HTML-escaped first.
"""

from functools import lru_cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zhujing_center import search

register = template.Library()

# Longest piece of a hidden text shown as the reason for a match (a description's matching part).
REASON_WIDTH = 36


@register.filter
def highlight(text: str, query: "str | search.Terms") -> SafeString:
    """Escape ``text`` (a name, a facility, a place) and wrap what the query matched — 汉字, pinyin or
    initials — in <mark>."""
    return marked(str(text or ""), search.spans_of(str(text or ""), _forms(query)))


@register.filter
def highlight_text(text: str, query: "str | search.Terms") -> SafeString:
    """As ``highlight``, for sentences (summaries, descriptions): only what occurs there as typed is marked,
    since that is all they are matched by (their pinyin is not stored)."""
    return marked(str(text or ""), search.spans_of(str(text or ""), _forms(query, typed=True), spelled=False))


def marked(text: str, spans: list[search.Span]) -> SafeString:
    """``text`` escaped, with each span wrapped in <mark>."""
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(escape(text[cursor : span.start]))
        pieces.append(f"<mark>{escape(text[span.start : span.end])}</mark>")
        cursor = span.end
    pieces.append(escape(text[cursor:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(pieces))


def _forms(query: "str | search.Terms", typed: bool = False) -> tuple[str, ...]:
    """The spellings to mark: all, with the synonyms'; for a sentence (``typed``) only what was typed, since
    synonyms are not matched in sentences."""
    if isinstance(query, search.Terms):
        return query.typed_forms if typed else query.every_form
    return _typed_forms(str(query or ""))


@lru_cache(maxsize=256)
def _typed_forms(query: str) -> tuple[str, ...]:
    """Every spelling of every word of a typed query, without synonyms (a page highlights forty texts)."""
    return search.parse(query).every_form


@register.simple_tag(takes_context=True)
def card_query(context) -> "str | search.Terms":
    """What a card highlights: the page's parsed ``terms`` (with synonyms), else its typed ``q``, else nothing."""
    return context.get("terms") or context.get("q") or ""


@register.simple_tag
def service_reasons(service, query: "str | search.Terms") -> list[tuple[str, search.Field]]:
    """Why a service card matched, when its name and summary do not show it: the keyword, room, category
    or description each such token matched in (see ``search.reasons``). Reads only what the card loaded
    (``for_result_cards()`` loads all of it; never a query per card)."""
    terms = query if isinstance(query, search.Terms) else search.parse(str(query or ""))
    if not terms:
        return []
    visible = [search.Field(service.name, search.Tier.NAME), search.Field(service.summary, search.Tier.TEXT, False)]
    if all(any(search.field_tier(field, token) is not None for field in visible) for token in terms.spelt):
        return []  # the card shows it all (most cards): nothing more to read
    deferred = service.get_deferred_fields()
    hidden = []
    if "keywords" not in deferred:
        label = _("关键词")
        hidden += [(label, search.Field(word, search.Tier.KEYWORD)) for word in service.keywords.split()]
    label = _("场所")
    hidden += [(label, search.Field(venue.name, search.Tier.TEXT)) for venue in service.venues.all()]
    if "category" in service._state.fields_cache:
        hidden.append((_("类别"), search.Field(service.category.name, search.Tier.TEXT)))
    if "description" not in deferred:
        hidden.append((_("服务内容"), search.Field(service.description, search.Tier.TEXT, False)))
    return search.reasons(visible, hidden, terms)


@register.simple_tag
def reason_line(label: str, field: search.Field, query: "str | search.Terms") -> SafeString:
    """One reason: its label and the matching part of its text (cut to ``REASON_WIDTH``), highlighted."""
    text = field.text.replace("\n", " ")
    spans = search.spans_of(text, _forms(query, typed=not field.spelled), spelled=field.spelled)
    start, end = search.excerpt(text, spans, REASON_WIDTH)
    inside = [search.Span(max(s.start, start) - start, min(s.end, end) - start) for s in spans if s.end > start]
    inside = [span for span in inside if span.start < span.end]
    body = marked(text[start:end], inside)
    return format_html(
        '<span class="reason-label">{}：</span>{}{}{}',
        label,
        "…" if start > 0 else "",
        body,
        "…" if end < len(text) else "",
    )
