import pytest
from django.contrib.auth.models import Permission
from django.test import Client

CONTENT_APPS = ("services", "venues", "circle", "activities", "heritage", "zhujing_center")


@pytest.fixture
def staff(db, django_user_model):
    """A staff member with every permission on the content apps (what the editor group grants)."""
    user = django_user_model.objects.create_user("zhangsan", password="correct horse battery", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return user


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def other_staff(db, django_user_model):
    user = django_user_model.objects.create_user("lisi", password="correct horse battery", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return user
