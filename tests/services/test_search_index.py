"""The stored search grams: only the difference is written, and ``collected()`` refreshes once at its end."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services import search_index
from services.models import SearchGram, Service
from tests.factories import make_category, make_service, make_venue
from zhujing_center import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_service(
        name="免费测量血压",
        slug="bp",
        summary="量血压，看健康",
        category=make_category(name="健康服务", slug="health"),
        venues=[make_venue(name="智慧健康驿站", slug="health-station")],
    )


def stored(service: Service) -> dict[str, int]:
    return dict(SearchGram.objects.filter(service=service).values_list("gram", "pk"))


def expected(service: Service) -> set[str]:
    service.refresh_from_db()
    return search.grams(service.search_primary + service.search_secondary + service.search_rare)


def test_an_edit_rewrites_only_the_grams_that_changed(service):
    before = stored(service)
    Service.objects.filter(pk=service.pk).update(summary="量血压，看健康，测血糖")
    search_index.refresh([service.pk])
    after = stored(service)
    assert set(after) == expected(service)
    kept = set(before) & set(after)
    assert kept and all(after[gram] == before[gram] for gram in kept)  # the same rows, not rewritten
    assert set(after) - set(before) >= {"血糖", "糖"}


def test_an_unchanged_service_costs_no_writes(service):
    with CaptureQueriesContext(connection) as queries:
        search_index.refresh([service.pk])
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))]
    assert writes == []


def test_repeated_and_stale_grams_are_removed(service):
    SearchGram.objects.bulk_create([SearchGram(service=service, gram="血压"), SearchGram(service=service, gram="旧")])
    search_index.refresh([service.pk])
    grams = list(SearchGram.objects.filter(service=service).values_list("gram", flat=True))
    assert sorted(grams) == sorted(expected(service))


def test_saves_inside_collected_are_refreshed_once_at_its_end(service, monkeypatch):
    calls = []
    real = search_index.refresh
    monkeypatch.setattr(search_index, "refresh", lambda ids=None: calls.append(set(ids)) or real(ids))
    with search_index.collected():
        for summary in ("第一次", "第二次", "糖尿病随访"):
            service.summary = summary
            service.save()
        assert calls == []
        assert "糖尿病" not in Service.objects.get(pk=service.pk).search_secondary
    assert calls == [{service.pk}]
    assert "糖尿病" in Service.objects.get(pk=service.pk).search_secondary


def test_nothing_is_refreshed_when_the_block_fails(service, monkeypatch):
    calls = []
    monkeypatch.setattr(search_index, "refresh", lambda ids=None: calls.append(ids))
    with pytest.raises(RuntimeError), search_index.collected():
        service.save()
        raise RuntimeError
    assert calls == []


def test_each_column_holds_its_part_of_the_text():
    service = make_service(
        name="银行业务咨询",
        slug="bank",
        keywords="理财",
        summary="长者金融知识讲座",
        category=make_category(name="文体服务", slug="culture"),
    )
    service.refresh_from_db()
    assert "yinhang" in service.search_name and "lc" not in service.search_name
    assert "yinhang" in service.search_primary and "licai" in service.search_primary
    assert "长者金融知识讲座" in service.search_secondary and "wenti" in service.search_secondary
    assert "yinxing" in service.search_rare and "yinxing" not in service.search_primary
    assert "长者" not in service.search_primary


def test_saving_a_synonym_rebuilds_no_search_text(service):
    from services.models import Synonym

    with CaptureQueriesContext(connection) as queries:
        Synonym.objects.create(words="血压 血压值")
    touched = [q["sql"] for q in queries.captured_queries if "services_service" in q["sql"] or "searchgram" in q["sql"]]
    assert touched == []
