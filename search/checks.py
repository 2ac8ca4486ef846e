"""System checks: a misconfigured search fails at start-up, not on a patient's query."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from search.synonyms import SYNONYMS_FILE, shipped_groups


@register()
def search_configuration(app_configs, **kwargs) -> list[Error]:
    errors = []
    url = settings.ELASTICSEARCH_URL
    if url and urlsplit(url).scheme not in ("http", "https"):
        errors.append(
            Error(
                "ELASTICSEARCH_URL must be an http:// or https:// URL.",
                hint="For example https://user:password@search.example.org:9200",
                id="portal_search.E001",
            )
        )
    if not SYNONYMS_FILE.exists() or not shipped_groups():
        errors.append(Error(f"No medical synonyms in {SYNONYMS_FILE}.", id="portal_search.E002"))
    return errors
