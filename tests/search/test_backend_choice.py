"""One interface, two back-ends, chosen by settings; bad configuration fails the checks."""

from __future__ import annotations

import subprocess
import sys

from search.backends import get_backend
from search.backends.database import DatabaseBackend
from search.checks import search_configuration


def _backend_setting(env: dict[str, str]) -> str:
    code = "from portal.settings import base; print(base.PORTAL_SEARCH_BACKEND)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_database_by_default_elasticsearch_when_its_url_is_set(monkeypatch):
    import os

    base_env = {k: v for k, v in os.environ.items() if k != "ELASTICSEARCH_URL"}
    assert _backend_setting(base_env) == "search.backends.database.DatabaseBackend"
    with_es = {**base_env, "ELASTICSEARCH_URL": "http://127.0.0.1:9200"}
    assert _backend_setting(with_es) == "search.backends.elasticsearch.ElasticsearchBackend"


def test_the_suite_uses_the_database_backend():
    assert isinstance(get_backend(), DatabaseBackend)


def test_a_bad_elasticsearch_url_fails_the_system_check(settings):
    settings.ELASTICSEARCH_URL = "localhost:9200"
    assert [e.id for e in search_configuration(None)] == ["portal_search.E001"]
    settings.ELASTICSEARCH_URL = "https://search.example.org:9200"
    assert search_configuration(None) == []
