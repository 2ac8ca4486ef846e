"""Blog index, a post and a profile keep a constant query count from 10 to 1,000 posts."""

from __future__ import annotations

import pytest

from physicians.factories import BlogPostPageFactory
from tests.factories import ConditionFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

# +1 since machina: its permission middleware reads the session on every request.
BUDGETS = {"blog index": 16, "post": 24, "profile": 17, "directory": 15}


def _add_posts(blog, authors, conditions, count: int) -> None:
    for index in range(count):
        post = BlogPostPageFactory(parent=blog, author=authors[index % len(authors)], tags=["t"])
        post.conditions.set([conditions[index % len(conditions)]])
        post.save()


def _counts(client, urls: dict[str, str]) -> dict[str, int]:
    return {name: count_queries(client, url) for name, url in urls.items()}


def test_query_counts_do_not_grow_with_posts(client, site_pages, make_physician):
    """10 posts, then 1,000: the same number of queries on every page, within budget."""
    conditions = [ConditionFactory() for _ in range(3)]
    authors = [make_physician() for _ in range(4)]
    blog = site_pages["blog"]
    _add_posts(blog, authors, conditions, 10)
    first_post = blog.get_children().live().first().specific
    urls = {
        "blog index": blog.url,
        "post": first_post.url,
        "profile": authors[0].url,
        "directory": site_pages["directory"].url,
    }
    small = _counts(client, urls)
    _add_posts(blog, authors, conditions, 990)
    large = _counts(client, urls)
    assert large == small
    for name, count in small.items():
        assert count <= BUDGETS[name], f"{name}: {count} queries"
