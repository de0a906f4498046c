"""Two editors saving the same entry at the same moment: one wins, the other is refused (never both).

Each editor's request runs in its own thread and database connection (a committed database: on
SQLite the test database is a file, see tests/settings.py), released together by a barrier.
"""

import threading

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from services.models import Service
from tests.html_forms import admin_form_data

from .conftest import CONTENT_APPS


def editor(django_user_model, name: str) -> Client:
    user = django_user_model.objects.create_user(name, password="correct horse battery", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("attempt", range(5))
def test_two_editors_saving_at_the_same_moment_cannot_both_win(committed_sample, django_user_model, attempt):
    world = Service.objects.get(slug="mianfei-liang-xueya")
    url = reverse("admin:services_service_change", args=[world.pk])
    clients = [editor(django_user_model, f"editor{attempt}{n}") for n in range(2)]
    forms = [admin_form_data(client.get(url)) for client in clients]
    for n, form in enumerate(forms):
        form["summary"] = f"第{n + 1}位编辑的修改"
    start = threading.Barrier(len(clients))
    statuses: dict[int, int] = {}

    def save(n: int) -> None:
        from django.db import connection

        try:
            start.wait()
            statuses[n] = clients[n].post(url, forms[n]).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses.values()) == [200, 302], statuses
    winner = next(n for n, status in statuses.items() if status == 302)
    world.refresh_from_db()
    assert world.summary == forms[winner]["summary"]
