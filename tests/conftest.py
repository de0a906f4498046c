import pytest
from django.core.management import call_command


@pytest.fixture
def catalogue(db):
    """The sample catalogue from fixtures/, loaded into the test database."""
    call_command("loaddata", "catalogue", verbosity=0)
