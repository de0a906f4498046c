import pytest
from django.core.management import call_command
from django.db import transaction


def load_sample() -> None:
    """The sample catalogue, the heritage collection, and activities and a notice dated from today."""
    import importlib

    from django.apps import apps

    from activities.sample import create_sample_activities, create_sample_notice
    from services import search_index

    # The centre's record comes from a migration: a flushed (transactional) test database has lost it.
    importlib.import_module("zhujing_center.migrations.0002_centre_record").create(apps, None)

    with search_index.deferred():
        call_command("loaddata", "catalogue", "heritage", "circle", verbosity=0)
    create_sample_activities()
    create_sample_notice()


@pytest.fixture(scope="module")
def sample_for_module(django_db_setup, django_db_blocker):
    """The sample loaded once per test module, inside a transaction undone at the module's end.

    Loading takes seconds (history records, search text), and whole modules read it. Each test still
    runs in its own savepoint, so what a test changes is rolled back after it (as TestCase.setUpTestData).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        load_sample()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def sample(sample_for_module, db):
    """The sample catalogue plus heritage items, activities and a notice (see load_sample)."""


@pytest.fixture
def committed_sample(transactional_db):
    """The sample, committed: for tests whose other processes or flushes need real rows."""
    load_sample()


@pytest.fixture
def catalogue(sample):
    """The sample catalogue from fixtures/ (with the rest of the sample: it is loaded once per module)."""


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: the page cache is on, as in production (a test's own
    edits are rolled back, not committed, so they would not empty it)."""
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def commit(db):
    """``commit()``: what the test changed so far commits, as a request's transaction would in production —
    the on-commit callbacks (emptying the page cache) run. (A test's transaction itself is never committed.)"""
    from django.db import connection

    def run_pending() -> None:
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _, callback, _ in pending:
            callback()

    return run_pending
