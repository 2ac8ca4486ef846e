"""The search back-end chosen by settings: Elasticsearch when ELASTICSEARCH_URL is set,
otherwise the database (SQLite FTS5, or PostgreSQL full-text search)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import SearchBackend

_cache: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    path = settings.PORTAL_SEARCH_BACKEND
    if path not in _cache:
        _cache[path] = import_string(path)()
    return _cache[path]
