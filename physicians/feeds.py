"""RSS 2.0 and Atom feeds of live blog posts: all, per physician and per condition."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from physicians.selectors import blog_posts
from portal.core.urls import absolute_url

FEED_SIZE = 20
FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


class BlogFeed(Feed):
    def __init__(self, *, index, kind: str, author=None, condition=None) -> None:
        super().__init__()
        self.index = index
        self.author = author
        self.condition = condition
        self.feed_type = FEED_TYPES[kind]
        self.path = ""

    def get_feed(self, obj, request):
        self.path = request.path
        return super().get_feed(obj, request)

    def feed_url(self) -> str:
        return absolute_url(self.path)

    def title(self) -> str:
        if self.author is not None:
            return f"Posts by {self.author.title}"
        if self.condition is not None:
            return f"Physicians' posts about {self.condition.name}"
        return self.index.title

    def link(self) -> str:
        return self.index.full_url or absolute_url(self.index.url)

    def description(self) -> str:
        return "Opinion pieces by physicians. Not medical advice."

    def items(self):
        return blog_posts(index=self.index, author=self.author, condition=self.condition)[
            :FEED_SIZE
        ]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary

    def item_link(self, item) -> str:
        return item.full_url or item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item) -> str:
        return item.author.display_name


def blog_feed(request, *, index, kind: str, author=None, condition=None):
    if kind not in FEED_TYPES:
        raise Http404("Unknown feed format")
    return BlogFeed(index=index, kind=kind, author=author, condition=condition)(request)
