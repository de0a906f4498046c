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
