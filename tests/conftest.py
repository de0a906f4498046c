import pytest
from django.core.management import call_command


@pytest.fixture
def catalogue(db):
    """The sample catalogue from fixtures/, loaded into the test database."""
    call_command("loaddata", "catalogue", verbosity=0)


@pytest.fixture
def sample(catalogue):
    """The sample catalogue plus the heritage collection and activities dated from today."""
    from activities.sample import create_sample_activities, create_sample_notice

    call_command("loaddata", "heritage", verbosity=0)
    create_sample_activities()
    create_sample_notice()
