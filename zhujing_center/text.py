"""Small text helpers shared by the apps."""


def lines(text: str) -> list[str]:
    """The non-blank lines of a multi-line field, stripped (one item per line in the admin)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
