"""Elasticsearch mappings (elasticsearch.dsl): one Document class per content type, an
English analyser for indexing, and the same plus the medical synonyms for searching."""

from __future__ import annotations

from django.conf import settings
from elasticsearch.dsl import (
    Completion,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

from search.models import DocumentKind
from search.synonyms import Phrase, solr_lines

english_possessive = token_filter(
    "english_possessive", type="stemmer", language="possessive_english"
)
english_stemmer = token_filter("english_stemmer", type="stemmer", language="english")

english_index = analyzer(
    "english_index",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", english_possessive, english_stemmer],
)


def medical_synonyms(groups: list[list[Phrase]]):
    return token_filter(
        "medical_synonyms", type="synonym_graph", synonyms=solr_lines(groups), lenient=True
    )


def english_search(groups: list[list[Phrase]]):
    """Search-time analyser: synonym_graph handles multi-word synonyms ('heart attack')."""
    return analyzer(
        "english_search",
        tokenizer="standard",
        filter=[
            "lowercase",
            "asciifolding",
            medical_synonyms(groups),
            english_possessive,
            english_stemmer,
        ],
    )


def _text() -> Text:
    """Analysed with synonyms at search time; ``.plain`` without, for fuzzy (typo) matching."""
    return Text(
        analyzer="english_index",
        search_analyzer="english_search",
        fields={"plain": Text(analyzer="english_index")},
    )


class PortalDocument(Document):
    key = Keyword()
    kind = Keyword()
    title = _text()
    keywords = _text()
    summary = _text()
    body = _text()
    context = Text(analyzer="english_index")
    url = Keyword(index=False)
    forum_id = Integer()
    condition_ids = Integer(multi=True)
    published_at = Date()
    last_reviewed = Date()
    review_due = Date()


class PageDocument(PortalDocument):
    """Editorial content also feeds the autocomplete."""

    suggest = Completion(analyzer="simple", preserve_separators=True)


class EducationDocument(PageDocument):
    class Index:
        name = "education"


class PhysicianDocument(PageDocument):
    class Index:
        name = "physician"


class BlogDocument(PageDocument):
    class Index:
        name = "blog"


class GroupPostDocument(PortalDocument):
    """Support-group posts: never in suggestions; each carries its forum for filtering."""

    class Index:
        name = "group_post"


DOCUMENTS: dict[str, type[PortalDocument]] = {
    DocumentKind.EDUCATION: EducationDocument,
    DocumentKind.PHYSICIAN: PhysicianDocument,
    DocumentKind.BLOG: BlogDocument,
    DocumentKind.GROUP_POST: GroupPostDocument,
}
PAGE_KINDS = (DocumentKind.EDUCATION, DocumentKind.PHYSICIAN, DocumentKind.BLOG)


def alias_name(kind: str) -> str:
    """The stable name readers query; it points at one versioned index."""
    return f"{settings.PORTAL_SEARCH_INDEX_PREFIX}-{kind.replace('_', '-')}"


def versioned_index(kind: str, *, version: str, groups: list[list[Phrase]]) -> Index:
    index = Index(f"{alias_name(kind)}-{version}")
    index.settings(number_of_shards=1, number_of_replicas=1)
    index.analyzer(english_index)
    index.analyzer(english_search(groups))
    index.document(DOCUMENTS[kind])
    return index
