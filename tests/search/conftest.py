"""Search fixtures: vetted pages published through the real review workflow, support
groups with posts, and a way to run the indexing tasks queued on commit."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from education.factories import EducationIndexPageFactory, EducationPageFactory
from education.models import EducationPage
from physicians.factories import BlogPostPageFactory
from physicians.models import BlogPostPage
from portal.accounts.roles import Role
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa


def act(page, user, action: str = "approve") -> None:
    page.refresh_from_db()
    state = page.current_workflow_state.current_task_state
    state.task.specific.on_action(state, user, action)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the indexing tasks queued by what happens inside."""

    @contextmanager
    def _committed():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return _committed


@pytest.fixture
def reviewers(site_pages, make_physician, compliance_user):
    return {
        "editor": with_mfa(UserFactory(email="editor@example.test", roles=[Role.EDITOR])),
        "physician": make_physician(title="Dr Reviewer Person"),
        "compliance": compliance_user,
    }


@pytest.fixture
def library(site_pages):
    return EducationIndexPageFactory(parent=site_pages["home"])


@pytest.fixture
def make_education(library, reviewers, committed):
    """A page that went live through clinical and compliance review (``vetted``), indexed.
    ``submit_only`` leaves it waiting in review instead."""

    def _make(title: str, *, summary: str = "", text: str = "", conditions=(), submit_only=False):
        editor = reviewers["editor"]
        with committed():
            page = EducationPageFactory.build(
                title=title,
                summary=summary or f"About {title}.",
                body=[{"type": "rich_text", "value": f"<p>{text or title}</p>"}],
                live=False,
                owner=editor,
                first_published_at=None,
            )
            library.add_child(instance=page)
            page.save_revision(user=editor)
            page = EducationPage.objects.get(pk=page.pk)
            if conditions:
                page.conditions.set(conditions)
                page.save_revision(user=editor)
            page.get_workflow().start(page, editor)
            if not submit_only:
                act(page, reviewers["physician"].user)
                act(page, reviewers["compliance"])
        return EducationPage.objects.get(pk=page.pk)

    return _make


@pytest.fixture
def make_blog_post(site_pages, make_physician, reviewers, committed):
    def _make(title: str, *, text: str = "", author=None):
        author = author or make_physician()
        with committed():
            post = BlogPostPageFactory.build(
                title=title,
                summary=f"A post about {title}.",
                body=[{"type": "rich_text", "value": f"<p>{text or title}</p>"}],
                author=author,
                owner=author.user,
                live=False,
            )
            site_pages["blog"].add_child(instance=post)
            post.save_revision(user=author.user)
            post = BlogPostPage.objects.get(pk=post.pk)
            post.get_workflow().start(post, author.user)
            act(post, reviewers["physician"].user)
            act(post, reviewers["compliance"])
        return BlogPostPage.objects.get(pk=post.pk)

    return _make


def result_titles(response) -> list[str]:
    return [hit.title for hit, _label in response.context["hits"]]


def indexed(n: int, *, word: str = "alpha", kind: str = "education", conditions=(), days=0):
    """Index ``n`` synthetic documents straight into the back-end (no pages behind them):
    for counting queries and paging, where the workflow would only slow the test down."""
    from datetime import timedelta

    from django.utils import timezone

    from search.backends import get_backend
    from search.documents import IndexDocument

    now = timezone.now()
    documents = [
        IndexDocument(
            key=f"test:{kind}:{word}:{i}",
            kind=kind,
            title=f"{word.title()} document {i}",
            url=f"/test/{word}/{i}/",
            published_at=now - timedelta(days=days + i),
            body=f"Synthetic {word} text number {i}.",
            summary=f"Summary {i}.",
            condition_ids=[c.pk for c in conditions],
        )
        for i in range(n)
    ]
    get_backend().upsert(documents)
    return documents
