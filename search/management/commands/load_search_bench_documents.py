"""Add synthetic documents to the search index for the benchmark (plainly marked as
benchmark content; DEBUG only, like the demo data). Run again: replaces them."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.backends import get_backend
from search.documents import IndexDocument
from search.models import DocumentKind, SearchDocument
from search.synonyms import shipped_groups

_FILLER_TEXT = (
    "care plan daily routine doctor nurse clinic visit questions medicine dose symptoms "
    "sleep exercise food water family support check test result follow up appointment "
    "home safety pain relief breathing walking stress rest habits warning signs"
)
FILLER = _FILLER_TEXT.split()
KINDS = [DocumentKind.EDUCATION, DocumentKind.BLOG, DocumentKind.PHYSICIAN]


class Command(BaseCommand):
    help = "Index N synthetic benchmark documents (keys bench:*) on top of the real ones."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=10_000)

    def handle(self, *args, count: int, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Benchmark documents are only loaded where DEBUG is on.")
        backend = get_backend()
        old = list(
            SearchDocument.objects.filter(key__startswith="bench:").values_list("key", flat=True)
        )
        if old:
            backend.delete(old)
        bulk = getattr(backend, "upsert_many", backend.upsert)
        documents = list(synthetic_documents(count))
        for start in range(0, len(documents), 1000):
            bulk(documents[start : start + 1000])
        self.stdout.write(f"Indexed {count} synthetic benchmark documents.")


def synthetic_documents(count: int):
    rng = random.Random(7)  # noqa: S311 - synthetic text, not security
    terms = [" ".join(phrase) for group in shipped_groups() for phrase in group]
    now = timezone.now()
    for n in range(count):
        topic = rng.choice(terms)
        body = " ".join(rng.choice(FILLER) for _ in range(120))
        yield IndexDocument(
            key=f"bench:{n}",
            kind=KINDS[n % len(KINDS)],
            title=f"Benchmark document {n}: {topic} (synthetic)",
            url=f"/search/?q=benchmark+{n}",
            published_at=now - timedelta(hours=n),
            summary=f"Synthetic benchmark text about {topic}. Not medical advice.",
            body=f"{body} {topic} {body[:200]}",
        )
