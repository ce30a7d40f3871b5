"""What a request reads from the database, for the tests that bound it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url, **extra):
    """The SQL of the queries a successful GET of `url` runs."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]
