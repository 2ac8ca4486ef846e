"""Rebuild the whole search index from the live, vetted content (zero downtime: the
database back-end swaps in one transaction, Elasticsearch swaps an alias)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search.backends import get_backend
from search.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from live, vetted pages and readable support-group posts."

    def handle(self, *args, **options) -> None:
        count = search_rebuild()
        self.stdout.write(f"Indexed {count} documents ({get_backend().name} back-end).")
