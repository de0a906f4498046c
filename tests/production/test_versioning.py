"""The content version (zhujing_center/versioning.py) against real commits (no module-wide sample here)."""

import pytest
from django.core.cache import cache
from django.db import transaction

from services.models import Category
from zhujing_center import versioning


@pytest.mark.django_db(transaction=True)
def test_the_version_is_bumped_again_when_the_edit_commits(transactional_db):
    cache.clear()
    before = versioning.content_version()
    with transaction.atomic():
        Category.objects.create(name="测试类别", slug="test-category")
        during = versioning.content_version()
    assert during > before  # at once …
    assert versioning.content_version() > during  # … and again once the new rows are visible to all


def test_the_release_changes_with_templates_and_code_only(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ x }}</p>")
    (tmp_path / "app.py").write_text("X = 1\n")
    first = versioning.code_release(tmp_path)
    assert versioning.code_release(tmp_path) == first
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text("def test(): pass\n")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text("Y = 2\n")
    (tmp_path / "notes.md").write_text("# notes\n")
    assert versioning.code_release(tmp_path) == first  # tests, the virtualenv and docs change no page
    (tmp_path / "templates" / "page.html").write_text("<p>{{ x }}!</p>")
    assert versioning.code_release(tmp_path) != first


def test_cached_pages_and_fragments_carry_the_release():
    from django.test import RequestFactory

    from zhujing_center import fragments, page_cache

    assert f":{versioning.release()}:" in fragments.fragment_key("box", 3, [])
    assert f":{versioning.release()}:" in page_cache.page_key(RequestFactory().get("/"), 3)
