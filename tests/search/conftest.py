"""Fixtures for the search tests: an engine-free service by default (Elasticsearch off, its state
reset), a closed port for the fallback, and the live server when ELASTICSEARCH_URL is set."""

import os
import socket

import pytest
from django.conf import settings

from portal.search import elastic


@pytest.fixture(autouse=True)
def _search_state():
    elastic.reset_state()
    yield
    elastic.reset_state()


@pytest.fixture
def database_engine(settings):
    """The service on the database engine, whatever the environment says."""
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": None}


@pytest.fixture
def closed_port():
    """A local port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def elastic_down(settings, closed_port):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": closed_port, "TIMEOUT": 1.5}
    return closed_port


@pytest.fixture
def live_elasticsearch(settings):
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("no Elasticsearch server: set ELASTICSEARCH_URL=http://host:9200 to run the live search tests")
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "ELASTICSEARCH_URL": url, "INDEX_PREFIX": "portal-test"}
    return url


def default_prefix():
    return settings.PORTAL_SEARCH.get("INDEX_PREFIX", "portal")
