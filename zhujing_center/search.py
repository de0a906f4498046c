"""How residents' typing is matched: Chinese text, full pinyin and initials, synonyms, ranking, highlighting.

Pure functions, no ORM, used by every layer: services store their search text with them and ask the
database for the same spellings (``services/search.py``, ``ServiceQuerySet.search``); the whole-site
search (``finder/lookup.py``) matches rooms, activities and heritage items with them in Python.

The stored side (``stored``) and the query side (``parse``) are built by the same rules, so whatever a
resident can type — 血压, xueya, xue ya, xy or 健身yz — is a plain substring of the stored text. A stored
text comes in two parts: the **contextual** one (the characters, and the pinyin and initials of each
word as it is read there: 银行 yinhang) and the **rare** one (the other readings of heteronyms: 银行
yinxing). A match through the rare part alone ranks last.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
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
# Longest word of a synonym group, and most words in one group.
MAX_SYNONYM_LENGTH = 12
MAX_SYNONYMS = 12
# Fewest letters left when a mistyped query is cut shorter for "您是不是要找".
MIN_RESPELLED = 4
# Where a clause ends, for excerpts.
CLAUSE_MARKS = frozenset("，。；：！？、,.;:!? \n")
# What staff may put between the words of a synonym group.
_WORD_SEPARATORS = re.compile(r"[\s、，,；;／/|]+")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTERS = re.compile(r"[a-z]")


class Tier(IntEnum):
    """Where a match was found; a lower tier ranks first."""

    NAME = 0  # the name (a service's, a room's, an activity's title …)
    KEYWORD = 1  # keywords staff added, a room's facilities
    TEXT = 2  # any other text: summary, description, category, rooms, location
    RARE = 3  # only through a rare reading of a character


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, single spaces, cut to a sane length."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def normalize_stored(text: str) -> str:
    """Stored text gets the same folding as queries, without the length cut."""
    return unicodedata.normalize("NFKC", text or "").lower()


@lru_cache(maxsize=8192)
def readings(char: str) -> tuple[str, ...]:
    """Every toneless pinyin reading of one character, the commonest first."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    values = tuple(dict.fromkeys(value.replace("ü", "v") for value in found[0])) if found else ()
    return values[:MAX_READINGS]


@dataclass(frozen=True)
class Spellings:
    """The ways a word is typed in letters: as it is read there, and through other readings of heteronyms
    (full pinyin and initials each); ``full`` is the full pinyin alone, as read there first."""

    contextual: tuple[str, ...]
    rare: tuple[str, ...]
    full: tuple[str, ...]


@lru_cache(maxsize=8192)
def spellings(text: str) -> Spellings:
    """The full pinyin and the initials of a short text as it is read (``长者助餐``: ``zhangzhezhucan``,
    ``zzzc``), and with one character read otherwise (``changzhezhucan``, ``czzc`` …) — whichever reading a
    resident has in mind, it matches, but the second kind ranks last. Non-Chinese characters are kept;
    a text without Chinese has no spellings."""
    chars = [ch for ch in normalize_stored(text) if not ch.isspace()]
    if not any(is_cjk(ch) for ch in chars):
        return Spellings((), (), ())
    context = lazy_pinyin("".join(chars), errors=lambda s: list(s), v_to_u=False)
    if len(context) != len(chars):  # pypinyin merged or split something: fall back per character
        context = [readings(ch)[0] if is_cjk(ch) and readings(ch) else ch for ch in chars]
    others = [
        [*context[:index], other, *context[index + 1 :]]
        for index, ch in enumerate(chars)
        if is_cjk(ch)
        for other in readings(ch)
        if other != context[index]
    ]
    contextual = _forms([context])
    rare = tuple(form for form in _forms(others) if form not in contextual)
    full = tuple(dict.fromkeys("".join(syllables) for syllables in (context, *others)))
    return Spellings(tuple(contextual), rare, full)


def _forms(spelt: Iterable[list[str]]) -> dict[str, None]:
    forms: dict[str, None] = {}
    for syllables in spelt:
        forms["".join(syllables)] = None
        forms["".join(part[:1] for part in syllables)] = None
    return forms


def romanizations(text: str) -> list[str]:
    """Every spelling of ``text`` in letters, contextual first (see ``spellings``)."""
    found = spellings(text)
    return [*found.contextual, *found.rare]


def join(parts: Iterable[str]) -> str:
    """Stored text: the distinct segments of ``parts``, each between separators."""
    seen: dict[str, None] = {}
    for part in parts:
        for segment in part.split():
            seen[segment] = None
    return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR if seen else ""


@lru_cache(maxsize=2048)
def stored(text: str, spelled: bool = True) -> tuple[str, str]:
    """The (contextual, rare) stored text of one field: its characters folded, and when ``spelled`` the
    pinyin and initials of each of its words. Fields written as sentences (summaries, descriptions) are
    not spelled: their letters would match nearly any initials."""
    words = normalize_stored(text).split()
    if not spelled:
        return join(words), ""
    found = [spellings(word) for word in words]
    return join([*words, *(f for s in found for f in s.contextual)]), join(f for s in found for f in s.rare)


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
    if not (has_cjk(token) and _LETTERS.search(token)):
        return [token]
    full = [readings(ch) or (ch,) if is_cjk(ch) else (ch,) for ch in token]
    initials = [tuple(dict.fromkeys(r[:1] for r in options)) for options in full]
    forms: dict[str, None] = {}
    for options in (full, initials):
        for combo in islice(product(*options), MAX_FORMS):
            forms["".join(combo)] = None
    return list(forms)


# ------------------------------------------------------------------ synonyms
def synonym_words(text: str) -> tuple[str, ...]:
    """The words of one synonym group as staff typed it (spaces, 、 or commas between), folded, distinct."""
    words = (normalize_stored(word).strip() for word in _WORD_SEPARATORS.split(text or ""))
    return tuple(dict.fromkeys(word for word in words if word))


@lru_cache(maxsize=4096)
def _spelt_as(word: str) -> frozenset[str]:
    """How a resident may spell ``word`` as a whole in letters: its full pinyin or its initials."""
    found = spellings(word)
    return frozenset((*found.contextual, *found.rare))


def alternatives(token: str, groups: Sequence[Sequence[str]]) -> list[str]:
    """The token and what it means too, from the synonym groups:

    - typed as a word of a group (厕所), every word of the group (卫生间, 洗手间);
    - spelt as one in letters (cesuo, cs), the full pinyin of every word of the group (weishengjian,
      xishoujian) — letters match only where pinyin is stored (names, keywords, facilities, places), as
      the typed letters do, and full pinyin, unlike initials, seldom spells anything else;
    - a Chinese token containing a group's word, the token with that word swapped for the others
      (无障碍厕所 → 无障碍卫生间).
    """
    found: dict[str, None] = {token: None}
    for group in groups:
        for word in group:
            if token == word:
                found.update(dict.fromkeys(group))
            elif not has_cjk(token) and token in _spelt_as(word):
                found.update(dict.fromkeys(spellings(other).full[0] if has_cjk(other) else other for other in group))
            elif len(word) > 1 and has_cjk(word) and word in token:
                found.update(dict.fromkeys(token.replace(word, other) for other in group))
    return list(found)


@dataclass(frozen=True)
class Token:
    """One typed token: the spellings of what was typed, which match in any text, and those of the words it
    stands for (its synonyms), which match only where things are named — names, keywords, facilities,
    places — not in sentences, where a synonym is too often part of another word (热水 in 热水器)."""

    typed: tuple[str, ...]
    synonyms: tuple[str, ...] = ()

    def forms(self, spelled: bool = True) -> tuple[str, ...]:
        """What may match it in a field (``spelled``: a name-like field; else a sentence)."""
        return (*self.typed, *self.synonyms) if spelled else self.typed


@dataclass(frozen=True)
class Terms:
    """A parsed query: the tokens typed (every one must match) and their spellings (``Token``)."""

    query: str
    tokens: tuple[str, ...]
    spelt: tuple[Token, ...]

    def __bool__(self) -> bool:
        return bool(self.tokens)

    @property
    def every_form(self) -> tuple[str, ...]:
        """All spellings of all tokens and their synonyms, for highlighting names."""
        return tuple(dict.fromkeys(form for token in self.spelt for form in token.forms()))

    @property
    def typed_forms(self) -> tuple[str, ...]:
        """The spellings of what was typed, for highlighting sentences."""
        return tuple(dict.fromkeys(form for token in self.spelt for form in token.typed))


def parse(query: str, groups: Sequence[Sequence[str]] = ()) -> Terms:
    """``query`` as tokens, each with its spellings and its synonyms' (see ``alternatives``)."""
    tokens = query_tokens(query)
    spelt = []
    for token in tokens:
        typed = tuple(token_forms(token))
        synonyms: dict[str, None] = {}
        for word in alternatives(token, groups)[1:]:
            synonyms.update(dict.fromkeys(form for form in token_forms(word) if form not in typed))
        spelt.append(Token(typed, tuple(synonyms)))
    return Terms(normalize(query), tuple(tokens), tuple(spelt))


def respellings(query: str) -> list[str]:
    """What a query that found nothing may have meant, spelt another way (for "您是不是要找"): Chinese
    typed with a homophone (血亚 → xueya, which finds 血压), or letters with one or two too many at the
    end (xueyaa → xueya, xueya). Initials are never offered: too many words share them. Letters are cut
    to no fewer than ``MIN_RESPELLED`` (a shorter prefix matches nearly anything)."""
    token = normalize(query).replace(" ", "")
    if not token:
        return []
    if has_cjk(token):
        return list(spellings(token).full[:1])  # as read there: a rare reading (厕 si) is nobody's typo
    if not token.isascii() or not token.isalpha():
        return []
    return [token[:-cut] for cut in (1, 2) if len(token) - cut >= MIN_RESPELLED]


# ------------------------------------------------------------------ ranking records
@dataclass(frozen=True)
class Field:
    """One text of a record matched in Python, with the tier a match in it earns."""

    text: str
    tier: Tier
    spelled: bool = True


def field_tier(field: Field, token: Token) -> Tier | None:
    """The tier a token reaches in ``field``: the field's own, RARE when only a rare reading matches, None
    when nothing does. A sentence (a field not spelled) matches only what was typed."""
    contextual, rare = stored(field.text, field.spelled)
    forms = token.forms(field.spelled)
    if any(form in contextual for form in forms):
        return field.tier
    if rare and any(form in rare for form in forms):
        return Tier.RARE
    return None


def rank(fields: Sequence[Field], terms: Terms) -> int | None:
    """How well a record matches: the sum over the tokens of the best tier each reaches in any field (0 is
    every token in the name), or None when some token matches nowhere. ``ServiceQuerySet.search`` ranks
    services by the same rule in SQL."""
    if not terms:
        return None
    total = 0
    for token in terms.spelt:
        tiers = [tier for field in fields if (tier := field_tier(field, token)) is not None]
        if not tiers:
            return None
        total += min(tiers)
    return total


def matches(field: Field, terms: Terms) -> bool:
    """Whether any token matches in this one field (which of a room's facilities to show)."""
    return any(field_tier(field, token) is not None for token in terms.spelt)


def reasons(visible: Sequence[Field], hidden: Sequence[tuple[str, Field]], terms: Terms) -> list[tuple[str, Field]]:
    """Why a result matched, where the page would not show it: for each token that matches in none of the
    ``visible`` fields (the name and summary on a card), the first of the ``hidden`` (label, field) pairs
    it matches in — a keyword, a room, a description. Each pair once, in the order of ``hidden``."""
    found: dict[int, tuple[str, Field]] = {}
    for token in terms.spelt:
        if any(field_tier(field, token) is not None for field in visible):
            continue
        for index, (label, field) in enumerate(hidden):
            if field_tier(field, token) is not None:
                found.setdefault(index, (label, field))
                break
    return [found[index] for index in sorted(found)]


# ------------------------------------------------------------------ highlighting
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
        return literal_spans(folded, token)
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


def literal_spans(folded: str, token: str) -> list[Span]:
    """Where ``token`` occurs as it is in ``folded`` (no pinyin)."""
    found, start = [], folded.find(token)
    while token and start != -1:
        found.append(Span(start, start + len(token)))
        start = folded.find(token, start + len(token))
    return found


def spans_of(text: str, forms: Iterable[str], spelled: bool = True) -> list[Span]:
    """The merged spans of every form in ``text``; in a field that is not spelled (a summary, a
    description), only where a form occurs as typed — the reason it matched."""
    if spelled:
        found = [span for form in forms for span in find_spans(text, form)]
    else:
        folded = fold(text)
        found = [span for form in forms for span in literal_spans(folded, _token(form))]
    return list(merge_spans(found))


def excerpt(text: str, spans: Sequence[Span], width: int, lead: int = 8) -> tuple[int, int]:
    """The (start, end) of a window of at most ``width`` characters of ``text`` that shows its first span: from
    the start of its clause (after the last punctuation mark at most ``lead`` characters before it), else
    from ``lead`` characters before it (a description's matching part)."""
    length = len(text)
    if length <= width or not spans:
        return 0, min(length, width)
    first = spans[0]
    start = max(0, first.start - lead)
    breaks = [index + 1 for index in range(start, first.start) if text[index] in CLAUSE_MARKS]
    start = min(breaks[-1] if breaks else start, max(0, length - width))
    return start, start + width


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
    spelt = _spellings(text)
    size, end = len(token), len(text)

    def walk(pos: int, at: int) -> int | None:
        if at == size:
            return pos
        if pos >= end:
            return None
        if text[pos] == token[at] and (found := walk(pos + 1, at + 1)) is not None:
            return found
        for reading in spelt[pos]:
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
