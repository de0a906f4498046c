"""How residents' typing is matched: Chinese text, full pinyin and pinyin initials.

Pure functions, no ORM. The stored side (``search_fields``) and the query side
(``query_tokens``/``token_forms``) are built by the same rules, so that whatever
a resident can type — 血压, xueya, xue ya, xy or 健身yz — is a plain substring
of the stored text. ``services/search_index.py`` keeps that text in the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product

from pypinyin import Style, lazy_pinyin, pinyin

# Longest query kept; anything longer is cut (residents type a few characters).
MAX_QUERY_LENGTH = 50
# Most spellings tried for one typed token (heteronyms multiply them).
MAX_FORMS = 8
# Readings tried per character: the commonest two (重 zhong/chong, 行 xing/hang);
# rarer readings only add false matches.
MAX_READINGS = 2
# Queries this short are looked up in the gram table instead of by substring.
GRAM_LENGTH = 2
# Separates stored segments so that no match runs from one into the next.
SEPARATOR = " "

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTERS = re.compile(r"[a-z]")


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, single spaces, cut to a sane length."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


@lru_cache(maxsize=8192)
def readings(char: str) -> tuple[str, ...]:
    """Every toneless pinyin reading of one character, the commonest first."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    values = tuple(dict.fromkeys(value.replace("ü", "v") for value in found[0])) if found else ()
    return values[:MAX_READINGS]


def romanizations(text: str) -> list[str]:
    """The full pinyin and the initials of a short text, with the other readings of heteronyms.

    ``长者助餐`` gives ``zhangzhezhucan``, ``zzzc`` and also ``changzhezhucan``, ``czzc``…:
    whichever reading a resident has in mind, it matches. Non-Chinese characters are kept.
    """
    chars = [ch for ch in normalize_stored(text) if not ch.isspace()]
    if not any(is_cjk(ch) for ch in chars):
        return []
    contextual = lazy_pinyin("".join(chars), errors=lambda s: list(s), v_to_u=False)
    if len(contextual) != len(chars):  # pypinyin merged or split something: fall back per character
        contextual = [readings(ch)[0] if is_cjk(ch) and readings(ch) else ch for ch in chars]
    spellings = [contextual]
    for index, ch in enumerate(chars):
        if is_cjk(ch):
            spellings.extend(
                [*contextual[:index], other, *contextual[index + 1 :]]
                for other in readings(ch)
                if other != contextual[index]
            )
    forms: dict[str, None] = {}
    for spelling in spellings:
        forms["".join(spelling)] = None
        forms["".join(part[:1] for part in spelling)] = None
    return list(forms)


def normalize_stored(text: str) -> str:
    """Stored text gets the same folding as queries, without the length cut."""
    return unicodedata.normalize("NFKC", text or "").lower()


def search_fields(
    *, name: str, keywords: str, summary: str, description: str, category: str, venues: Iterable[str]
) -> tuple[str, str]:
    """The (primary, secondary) search texts of one service.

    Primary: name and keywords in Chinese, full pinyin and initials — matches here rank first.
    Secondary: summary, description, category and room names (with their pinyin).
    """
    words = [name, *keywords.split()]
    primary = [normalize_stored(word) for word in words]
    for word in words:
        primary.extend(romanizations(word))
    places = [category, *venues]
    secondary = [normalize_stored(summary), normalize_stored(description), *map(normalize_stored, places)]
    for place in places:
        secondary.extend(romanizations(place))
    return _join(primary), _join(secondary)


def _join(parts: Iterable[str]) -> str:
    seen: dict[str, None] = {}
    for part in parts:
        for line in part.split():
            seen[line] = None
    return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR


def grams(text: str) -> set[str]:
    """Every one- and two-character piece of the stored text (within a segment).

    One- and two-character queries (血压, 医保, xy) are the commonest and no
    trigram index can serve them, so they are looked up in an indexed table of these.
    """
    found: set[str] = set()
    for segment in text.split():
        for size in range(1, GRAM_LENGTH + 1):
            found.update(segment[i : i + size] for i in range(len(segment) - size + 1))
    return found


def query_tokens(query: str) -> list[str]:
    """The typed query as tokens that must all match: split on spaces."""
    return list(dict.fromkeys(normalize(query).split()))


def token_forms(token: str) -> list[str]:
    """The spellings of one token to look for; any one matching is enough.

    A token mixing Chinese and letters is spelt out in full pinyin (重yang → chongyang)
    and in initials (健身yz → jsyz), trying each reading of heteronyms.
    """
    has_cjk = any(is_cjk(ch) for ch in token)
    if not (has_cjk and _LETTERS.search(token)):
        return [token]
    full = [readings(ch) or (ch,) if is_cjk(ch) else (ch,) for ch in token]
    initials = [tuple(dict.fromkeys(r[:1] for r in options)) for options in full]
    forms: dict[str, None] = {}
    for options in (full, initials):
        for combo in islice(product(*options), MAX_FORMS):
            forms["".join(combo)] = None
    return list(forms)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def find_spans(text: str, token: str) -> list[Span]:
    """Where in ``text`` the token matches, character positions, for highlighting.

    A text character matches the next part of the token by being the same
    character, by one of its full pinyin readings, or by its initial; the last
    character may match a prefix of its pinyin (``xuey`` still finds 血压).
    """
    token = _token(token)
    if not token:
        return []
    folded = fold(text)
    if not _LETTERS.search(token):  # nothing to spell out: plain substring search
        found, start = [], folded.find(token)
        while start != -1:
            found.append(Span(start, start + len(token)))
            start = folded.find(token, start + len(token))
        return found
    spans: list[Span] = []
    start = 0
    for position in _starts(folded).get(token[0], ()):  # only where the token's first letter can match
        if position < start:
            continue
        end = _match_from(folded, position, token)
        if end is not None:
            spans.append(Span(position, end))
            start = end
    return spans


@lru_cache(maxsize=512)
def _token(token: str) -> str:
    """A token normalised, without spaces (a page highlights forty texts for the same few spellings)."""
    return normalize(token).replace(" ", "")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """``text`` folded like stored text, one character at a time so positions stay those of the original."""
    return "".join((normalize_stored(ch) or ch)[:1] for ch in text)


@lru_cache(maxsize=4096)
def _starts(folded: str) -> dict[str, tuple[int, ...]]:
    """For each first letter, the positions of ``folded`` where a match beginning with it could start:
    the character itself, or the first letter of one of its readings."""
    found: dict[str, list[int]] = {}
    for position, ch in enumerate(folded):
        letters = {ch} | ({reading[:1] for reading in readings(ch)} if is_cjk(ch) else set())
        for letter in letters:
            found.setdefault(letter, []).append(position)
    return {letter: tuple(positions) for letter, positions in found.items()}


def _match_from(text: str, start: int, token: str) -> int | None:
    """End position of a match of ``token`` starting at text[start], or None.

    ``text[pos]`` matches the token at ``at`` by being the same character, by one of its full readings,
    or by its initial; a reading that starts with all that is left of the token ends the match (the
    last syllable typed only in part). Positions are indices: no string is cut while trying.
    """
    spellings = _spellings(text)
    size, end = len(token), len(text)

    def walk(pos: int, at: int) -> int | None:
        if at == size:
            return pos
        if pos >= end:
            return None
        if text[pos] == token[at] and (found := walk(pos + 1, at + 1)) is not None:
            return found
        for reading in spellings[pos]:
            if token.startswith(reading, at) and (found := walk(pos + 1, at + len(reading))) is not None:
                return found
            if reading.startswith(token[at:]):
                return pos + 1
            if reading[0] == token[at] and (found := walk(pos + 1, at + 1)) is not None:
                return found
        return None

    return walk(start, 0)


@lru_cache(maxsize=4096)
def _spellings(folded: str) -> tuple[tuple[str, ...], ...]:
    """The readings of each character of ``folded`` (none for what is not Chinese)."""
    return tuple(readings(ch) if is_cjk(ch) else () for ch in folded)


def merge_spans(spans: Iterable[Span]) -> Iterator[Span]:
    current: Span | None = None
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if current and span.start <= current.end:
            current = Span(current.start, max(current.end, span.end))
            continue
        if current:
            yield current
        current = span
    if current:
        yield current
