"""Reading the index for a reader: what they may read, the parsed query, results, promoted
results and suggestions."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache

from search.backends import get_backend
from search.backends.base import SORT_RELEVANCE, SearchRequest, SearchResults, Suggestion
from search.documents import page_key
from search.models import Promotion
from search.query import ParsedQuery, best_correction, correctable, parse_query
from search.synonyms import Phrase, all_groups
from search.text import content_words, normalise_query, words

SYNONYM_CACHE_KEY = "search:synonym-groups"
SYNONYM_CACHE_SECONDS = 300


def readable_forum_ids(*, user) -> frozenset[int]:
    """Forums whose posts this reader may read, as machina's permission checker (with the
    portal's group rules) decides: public groups for anyone, members-only and private ones
    for active members and moderators."""
    from machina.apps.forum.models import Forum

    from forums.forum_permission.checker import ForumPermissionChecker

    forums = list(Forum.objects.all())
    perms = ForumPermissionChecker(user).get_perms_for_forumlist(forums, ["can_read_forum"])
    return frozenset(forum.pk for forum, granted in perms.items() if "can_read_forum" in granted)


def synonym_groups() -> list[list[Phrase]]:
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        groups = all_groups()
        cache.set(SYNONYM_CACHE_KEY, groups, SYNONYM_CACHE_SECONDS)
    return groups


def query_parse(*, text: str, correct: bool = True) -> ParsedQuery:
    """Typos corrected against indexed editorial words and synonym words (unless ``correct``
    is false: then every word is searched as typed); synonyms expanded."""
    groups = synonym_groups()
    tokens = content_words(words(text))
    synonym_words = {w for group in groups for phrase in group for w in phrase}
    unknown = [t for t in correctable(tokens) if t not in synonym_words] if correct else []
    corrections: dict[str, str] = {}
    if unknown:
        candidates = get_backend().spelling_candidates(unknown)
        for word in unknown:
            found = candidates.get(word, [])
            if any(term == word for term, _ in found):
                continue
            extra = [(w, 0) for w in synonym_words if w[:1] == word[:1]]
            context = _phrase_partners(tokens, word, groups)
            correction = best_correction(word, found + extra, context=context)
            if correction:
                corrections[word] = correction
    return parse_query(text, groups=groups, corrections=corrections)


def _phrase_partners(tokens: list[str], word: str, groups: list[list[Phrase]]) -> set[str]:
    """Words that would complete a synonym phrase with the other words typed: for
    'hart attack', 'heart' (as in 'heart attack')."""
    others = set(tokens) - {word}
    return {
        w
        for group in groups
        for phrase in group
        if len(phrase) > 1 and others & set(phrase)
        for w in phrase
        if w not in others
    }


@dataclass
class Promoted:
    title: str
    url: str
    description: str


def promoted_results(*, text: str) -> list[Promoted]:
    """Editors' picks for this query, only for pages that are in the index right now."""
    query = normalise_query(text)
    if not query:
        return []
    picks = list(Promotion.objects.filter(query=query).select_related("page")[:5])
    indexed = get_backend().existing_keys([page_key(p.page_id) for p in picks])
    return [
        Promoted(title=p.page.title, url=p.page.url or "", description=p.description)
        for p in picks
        if page_key(p.page_id) in indexed
    ]


def search_results(
    *,
    user,
    query: ParsedQuery,
    kind: str = "",
    condition_id: int | None = None,
    sort: str = SORT_RELEVANCE,
    page: int = 1,
    per_page: int = 10,
) -> SearchResults:
    request = SearchRequest(
        query=query,
        readable_forum_ids=readable_forum_ids(user=user),
        kind=kind,
        condition_id=condition_id,
        sort=sort,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    results = get_backend().search(request)
    if results.total == 0 and query.require_all and len(query.clauses) > 1:
        # Nothing has every word: show what has some of them, best first.
        relaxed = replace(request, query=replace(query, require_all=False))
        results = get_backend().search(relaxed)
        results.matched_some_words = results.total > 0
    return results


def suggestions(*, text: str, limit: int = 8) -> list[Suggestion]:
    """Titles of editorial content, and conditions' names, for the autocomplete."""
    prefix = normalise_query(text)
    if len(prefix) < 2:
        return []
    found = get_backend().suggest(prefix, limit=limit)
    return found
