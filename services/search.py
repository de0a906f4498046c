"""A service's stored search text, by the rules of ``zhujing_center/search.py``.

``services/search_index.py`` keeps it in the database; ``ServiceQuerySet.search`` matches and ranks
by it: the name first, then the keywords, then the other text, then rare readings (``Tier``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zhujing_center.search import join, stored


@dataclass(frozen=True)
class SearchText:
    """What is stored of one service, one column each.

    - ``name``: the name (characters, contextual pinyin and initials) — a match here ranks first;
    - ``primary``: the name and the keywords, likewise;
    - ``secondary``: summary and description (characters only), category and room names (spelled too);
    - ``rare``: the other readings of heteronyms in the name, keywords, category and rooms.
    """

    name: str
    primary: str
    secondary: str
    rare: str


def search_fields(
    *, name: str, keywords: str, summary: str, description: str, category: str, venues: Iterable[str]
) -> SearchText:
    """The stored search text of one service (see ``SearchText``)."""
    spelled = [stored(name), *(stored(word) for word in keywords.split())]
    places = [stored(place) for place in (category, *venues)]
    sentences = [stored(summary, spelled=False), stored(description, spelled=False)]
    return SearchText(
        name=spelled[0][0],
        primary=join(contextual for contextual, _ in spelled),
        secondary=join(contextual for contextual, _ in (*sentences, *places)),
        rare=join(rare for _, rare in (*spelled, *places)),
    )
