import pytest

from tests.conftest import load_sample


@pytest.fixture
def catalogue(db):
    """Here the sample is loaded per test: this module mixes it with small factory-made worlds."""
    load_sample()


@pytest.fixture
def sample(catalogue):
    """As ``catalogue``: the whole sample, per test."""
