"""The repository carries everything it needs: no tracked file outside docs/ refers to the shared folder
beside the checkout (a clone elsewhere has none). The HSDS schemas live in tests/opendata/hsds-3.0/ and
the source article's facts in docs/sources.md."""

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# ".." then "shared", or "shared" then one of the folders it held: in a path string, or as pieces joined
# by "/" (pathlib) or "," (os.path.join). Written so that this file does not match itself.
SEPARATOR = r"[\"']?\s*[\\/,]\s*[\"']?"
OUTSIDE_REFERENCE = re.compile(rf"\.\.{SEPARATOR}shared\b|\bshared{SEPARATOR}(?:hsds|seed)", re.IGNORECASE)


def outside_references(text: str) -> list[str]:
    """The lines of ``text`` that refer to the shared folder outside the repository."""
    return [line.strip() for line in text.splitlines() if OUTSIDE_REFERENCE.search(line)]


@pytest.mark.parametrize(
    "example",
    [
        "see `../@/seed/FACTS.md`",
        'HSDS_DIR = REPO / ".." / "@" / "hsds-3.0"',
        "the schemas in @/hsds-3.0",
        r"..\@\seed",
        "open('../@')",
        'os.path.join("..", "@", "seed")',
    ],
)
def test_pattern_catches_references(example):
    line = example.replace("@", "shared")  # spelt out only here, or this file would match itself
    assert outside_references(line) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "the shared cache (Redis)",
        "ssl_session_cache shared:zhujing:10m;",
        "tests/opendata/hsds-3.0/README.md",
        "Admin actions shared with the services and venues admins.",
        "a seed shared by every worker",
        "and so on... shared by all",
    ],
)
def test_pattern_leaves_other_uses_of_the_word(line):
    assert outside_references(line) == []


def tracked_files() -> list[str]:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True).stdout
    return [name for name in listing.decode().split("\0") if name]


def test_no_tracked_file_outside_docs_refers_to_the_shared_folder():
    files = tracked_files()
    assert "tests/opendata/hsds-3.0/compiled/service.json" in files
    found = {}
    for name in files:
        path = REPO / name
        if name.startswith("docs/") or not path.is_file():
            continue
        lines = outside_references(path.read_bytes().decode("utf-8", errors="replace"))
        if lines:
            found[name] = lines
    assert found == {}
