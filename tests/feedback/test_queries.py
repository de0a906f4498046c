"""The feedback pages make a small, constant number of queries, however much there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_service, make_venue

from .helpers import form_data, make_feedback

pytestmark = pytest.mark.django_db

# The entry, and the centre's record for the header and footer (two: the record and its bodies).
GET_BUDGET = 3
# The entry and the insert (a redirect shows no header).
POST_BUDGET = 2


def count_queries(do) -> int:
    with CaptureQueriesContext(connection) as captured:
        do()
    return len(captured)


def populate(n: int) -> None:
    for _ in range(n):
        service, venue = make_service(venues=[make_venue()]), make_venue()
        make_feedback(service)
        make_feedback(venue)


@pytest.mark.parametrize("which", ["service", "venue"])
def test_feedback_form_page_query_count_is_constant(client, service, venue, which):
    url = f"/feedback/{which}/{service.slug if which == 'service' else venue.slug}/"
    client.get(url)  # the centre's record is created on first use

    def get():
        assert client.get(url).status_code == 200

    small = count_queries(get)
    populate(10)
    assert count_queries(get) == small <= GET_BUDGET


def test_feedback_post_query_count_is_constant(client, service):
    url = f"/feedback/service/{service.slug}/"
    client.get(url)

    def post():
        assert client.post(url, form_data()).status_code == 302

    small = count_queries(post)
    populate(10)
    assert count_queries(post) == small <= POST_BUDGET


def test_thank_you_page_query_count(client, service):
    url = f"/feedback/service/{service.slug}/thanks/"
    client.get(url)
    assert count_queries(lambda: client.get(url)) <= GET_BUDGET


def test_form_with_errors_query_count(client, service):
    url = f"/feedback/service/{service.slug}/"
    client.get(url)
    assert count_queries(lambda: client.post(url, form_data(message=""))) <= GET_BUDGET
