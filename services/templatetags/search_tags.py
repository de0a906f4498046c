from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from services import search

register = template.Library()


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """Escape ``text`` and wrap what the query matched (汉字, pinyin or initials) in <mark>."""
    text = str(text or "")
    spans = [
        span
        for token in search.query_tokens(query or "")
        for form in search.token_forms(token)
        for span in search.find_spans(text, form)
    ]
    if not spans:
        return conditional_escape(text)
    pieces, cursor = [], 0
    for span in search.merge_spans(spans):
        pieces.append(conditional_escape(text[cursor : span.start]))
        pieces.append(f"<mark>{conditional_escape(text[span.start : span.end])}</mark>")
        cursor = span.end
    pieces.append(conditional_escape(text[cursor:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(pieces))
