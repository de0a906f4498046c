"""The on-screen letter pad: browse services by the pinyin initials of their names, no keyboard."""

import string
from dataclasses import dataclass

from django.urls import reverse

ALPHABET = string.ascii_lowercase
# No pinyin syllable starts with i, u or v (ü is written u after j, q, x, y, and v only stands in for it
# on keyboards), so a name's initials never contain them: the pad leaves them out.
NO_INITIAL = frozenset("iuv")
PAD_LETTERS = "".join(letter for letter in ALPHABET if letter not in NO_INITIAL)
# Most letters a visitor can tap in (service names are short; longer input only finds nothing).
MAX_LETTERS = 8


def normalize(text: str) -> str:
    """Only the letters a–z, lower case, at most ``MAX_LETTERS`` of them."""
    return "".join(ch for ch in (text or "").lower() if ch in ALPHABET)[:MAX_LETTERS]


def letters_url(letters: str) -> str:
    if not letters:
        return reverse("kiosk:letters")
    return reverse("kiosk:letters", kwargs={"letters": letters})


@dataclass(frozen=True)
class Key:
    letter: str
    url: str | None  # None when no more letters fit


def pad(current: str) -> list[Key]:
    """One key per letter that can start a pinyin syllable, each leading to the current letters plus that one."""
    full = len(current) >= MAX_LETTERS
    return [Key(letter, None if full else letters_url(current + letter)) for letter in PAD_LETTERS]
