"""Imports run one way between the top-level packages: each may import only those below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. The core app (the centre's record, shared admin bases, images, hours, security, display,
# the page cache) imports no app; the project package (settings, root URLs, WSGI) is imported by none.
LAYERS = (
    ("zhujing_center",),
    ("venues",),
    ("services",),
    ("heritage", "circle"),  # the 15-minute circle's points offer catalogue services
    ("activities", "feedback", "opendata"),
    ("finder",),  # the whole-site search reads every kind of content, activities included
    ("portal", "kiosk"),
    ("config",),
)
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages of ours that a module imports, at its top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in LEVEL)
    return found


def modules():
    for package in LEVEL:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield package, path


def test_every_top_level_package_has_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(LEVEL)


@pytest.mark.parametrize(("package", "path"), list(modules()), ids=lambda value: str(value))
def test_a_module_imports_only_packages_below_its_own(package, path):
    upward = {other for other in imported_packages(path) - {package} if LEVEL[other] >= LEVEL[package]}
    assert not upward, f"{path.relative_to(ROOT)} imports {sorted(upward)}, which are not below {package}"
