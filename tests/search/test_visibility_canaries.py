"""Nothing a reader may not see is ever found: canary words in drafts, pages in review,
unvetted pages, held, rejected and hidden posts, and private or members-only groups."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.apps.forum_conversation.models import Post
from wagtail.models import PageViewRestriction

from education.factories import EducationPageFactory
from forums.models import GroupKind
from portal.accounts.roles import Role
from search.models import SearchDocument
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.conftest import join, make_group, make_topic
from tests.search.conftest import result_titles

pytestmark = pytest.mark.django_db


def found(client, word: str) -> bool:
    """Whether any result (title, snippet, group name) or the count shows the word."""
    response = client.get(reverse("search"), {"q": word})
    assert response.status_code == 200
    hits = response.context["hits"]
    shown = " ".join(f"{hit.title} {hit.snippet} {hit.context}" for hit, _label in hits).lower()
    assert (word.lower() in shown) == bool(hits), "every result must show why it matched"
    return bool(hits) or response.context["results"].total > 0


def test_a_vetted_page_is_found(client, make_education):
    """The control case: a page that went through review is found by its words."""
    make_education("Zebracanary guide", text="Zebracanary facts.")
    assert result_titles(client.get(reverse("search"), {"q": "zebracanary"})) == [
        "Zebracanary guide"
    ]


def test_a_draft_is_never_found(client, library, reviewers, committed):
    editor = reviewers["editor"]
    with committed():
        page = EducationPageFactory.build(
            title="Draftcanary", live=False, owner=editor, first_published_at=None
        )
        library.add_child(instance=page)
        page.save_revision(user=editor)
    assert not found(client, "draftcanary")


def test_a_page_in_review_is_never_found(client, make_education):
    make_education("Reviewcanary", submit_only=True)
    assert not found(client, "reviewcanary")


def test_an_edit_in_review_is_not_found_until_approved(
    client, make_education, reviewers, committed
):
    """The live, reviewed text is found; the canary in the revision under review is not."""
    page = make_education("Stable page", text="Original words only.")
    with committed():
        page.summary = "Editcanary rewritten summary."
        page.save_revision(user=reviewers["editor"])
        page.get_workflow().start(page, reviewers["editor"])
    assert not found(client, "editcanary")
    assert found(client, "original")


def test_a_live_page_that_skipped_review_is_never_found(client, library, committed):
    """Published without the workflow (not vetted): never indexed."""
    with committed():
        page = EducationPageFactory(parent=library, title="Unvettedcanary")
        page.save_revision().publish()
    assert not found(client, "unvettedcanary")


def test_unpublishing_removes_a_page(client, make_education, committed):
    page = make_education("Gonecanary")
    assert found(client, "gonecanary")
    with committed():
        page.unpublish()
    assert not found(client, "gonecanary")
    assert not SearchDocument.objects.filter(key=f"page:{page.pk}").exists()


def test_deleting_removes_a_page(client, make_physician, committed):
    """(A physician profile: reviewed pages cannot be deleted while their review record
    protects the workflow state.)"""
    with committed():
        profile = make_physician(title="Dr Deletedcanary")
        profile.save_revision().publish()
    assert found(client, "deletedcanary")
    with committed():
        profile.delete()
    assert not found(client, "deletedcanary")


def test_a_page_behind_a_view_restriction_is_removed(client, make_education, committed):
    page = make_education("Restrictedcanary")
    with committed():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert not found(client, "restrictedcanary")


def test_a_restriction_on_a_parent_removes_the_pages_below(
    client, make_education, library, committed
):
    make_education("Parentcanary")
    with committed():
        PageViewRestriction.objects.create(
            page=library, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert not found(client, "parentcanary")


@pytest.fixture
def groups(db, committed):
    poster = UserFactory(email="poster@example.test")
    with committed():
        public = make_group("Open circle")
        members = make_group("Members circle", kind=GroupKind.MEMBERS_ONLY)
        private = make_group("Private circle", kind=GroupKind.PRIVATE)
        make_topic(public, poster=poster, subject="Publiccanary", text="Publiccanary text")
        make_topic(members, poster=poster, subject="Memberscanary", text="Memberscanary text")
        make_topic(private, poster=poster, subject="Privatecanary", text="Privatecanary text")
    return {"public": public, "members": members, "private": private, "poster": poster}


def test_public_group_posts_are_found_by_anyone(client, groups):
    assert found(client, "publiccanary")


def test_private_and_members_only_posts_are_never_found_by_outsiders(client, groups):
    outsider = UserFactory(email="outsider@example.test")
    for reader in (None, outsider):
        if reader:
            client.force_login(reader)
        assert not found(client, "privatecanary")
        assert not found(client, "memberscanary")


def test_members_and_moderators_find_their_groups_posts(client, groups):
    member = UserFactory(email="member@example.test")
    join(member, groups["private"])
    client.force_login(member)
    assert found(client, "privatecanary")
    assert not found(client, "memberscanary")
    moderator = UserFactory(email="mod@example.test", roles=[Role.MODERATOR])
    client.force_login(moderator)  # no second factor yet: a patient's results (issue 13.3)
    assert not found(client, "privatecanary")
    assert not found(client, "memberscanary")
    client.force_login(with_mfa(moderator))
    assert found(client, "privatecanary")
    assert found(client, "memberscanary")


def test_held_posts_are_never_found(client, groups, committed):
    with committed():
        topic = make_topic(groups["public"], poster=groups["poster"], subject="Calm", text="x")
        Post.objects.create(
            topic=topic, poster=groups["poster"], subject="Re", content="Heldcanary", approved=False
        )
    assert not found(client, "heldcanary")


def test_rejected_or_hidden_posts_are_removed(client, groups, committed):
    """A post un-approved by moderation (report-hidden, rejected) leaves the index."""
    post = Post.objects.get(topic__subject="Publiccanary")
    with committed():
        post.approved = False
        post.save()
    assert not found(client, "publiccanary")


def test_an_unapproved_topic_hides_all_its_posts(client, groups, committed):
    post = Post.objects.get(topic__subject="Publiccanary")
    with committed():
        topic = post.topic
        topic.approved = False
        topic.save()
    assert not found(client, "publiccanary")


def test_a_topic_moved_into_a_private_group_is_hidden_from_outsiders(client, groups, committed):
    post = Post.objects.get(topic__subject="Publiccanary")
    with committed():
        topic = post.topic
        topic.forum = groups["private"].forum
        topic.save()
    assert not found(client, "publiccanary")


def test_deleted_posts_are_removed(client, groups, committed):
    with committed():
        Post.objects.get(topic__subject="Publiccanary").topic.delete()
    assert not found(client, "publiccanary")


def test_suggestions_never_offer_group_posts_or_unvetted_pages(client, groups, make_education):
    make_education("Suggestcanary vetted")
    response = client.get(reverse("search_suggest"), {"q": "suggestcan"})
    assert [s["text"] for s in response.json()["suggestions"]] == ["Suggestcanary vetted"]
    response = client.get(reverse("search_suggest"), {"q": "publiccan"})
    assert response.json()["suggestions"] == []
