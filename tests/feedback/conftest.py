import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client

from tests.admin.conftest import staff  # noqa: F401 - the admin tests' staff member, reused here
from tests.factories import make_service, make_venue


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """A cache of the tests' own, empty at the start of each test (the rate limit counts in it)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "feedback-tests"}
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(db):
    return make_service(name="免费测量血压", slug="xueya", phone="021-57310000")


@pytest.fixture
def venue(db):
    return make_venue(name="健康驿站", slug="health-station")


@pytest.fixture
def staff_client(staff) -> Client:  # noqa: F811
    """The staff member with the feedback permissions too (what the editor group gets with "feedback")."""
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="feedback"))
    client = Client()
    client.force_login(staff)
    return client
