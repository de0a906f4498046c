from functools import lru_cache

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from services import search

register = template.Library()


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """Escape ``text`` and wrap what the query matched (汉字, pinyin or initials) in <mark>."""
    text = str(text or "")
    spans = [span for form in _forms(query or "") for span in search.find_spans(text, form)]
    if not spans:
        return escape(text)
    pieces, cursor = [], 0
    for span in search.merge_spans(spans):
        pieces.append(escape(text[cursor : span.start]))
        pieces.append(f"<mark>{escape(text[span.start : span.end])}</mark>")
        cursor = span.end
    pieces.append(escape(text[cursor:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(pieces))


@lru_cache(maxsize=256)
def _forms(query: str) -> tuple[str, ...]:
    """Every spelling of every word of a query (a page highlights forty texts for the same query)."""
    return tuple(form for token in search.query_tokens(query) for form in search.token_forms(token))
