"""Review requests go only to people who can act on them: verified physicians who are not
authors for the clinical step, compliance reviewers who are not authors for the next; the
same people, and only they, see the post under "Awaiting your review"."""

from __future__ import annotations

import pytest
from django.core import mail
from wagtail.models import TaskState

from physicians.factories import BlogPostPageFactory
from physicians.models import BlogPostPage
from portal.accounts.roles import Role
from portal.notifications.services import preferences_update
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.notifications.email_checks import assert_safe_email, sent_to

pytestmark = pytest.mark.django_db

TITLE = "Canarytitle: sleep and the heart"


@pytest.fixture
def people(site_pages, make_physician, compliance_user):
    return {
        "author": make_physician(),
        "peer": make_physician(),
        "unverified": make_physician(verified=False),
        "compliance": compliance_user,
    }


def _submit(site_pages, author_profile, *, by, capture) -> BlogPostPage:
    """A draft post naming ``author_profile``, saved and submitted by ``by``."""
    post = BlogPostPageFactory.build(author=author_profile, owner=by, live=False, title=TITLE)
    site_pages["blog"].add_child(instance=post)
    post.save_revision(user=by)
    post = BlogPostPage.objects.get(pk=post.pk)
    mail.outbox.clear()
    with capture(execute=True):
        post.get_workflow().start(post, by)
    return post


def _approve(post, user, capture) -> None:
    post.refresh_from_db()
    task_state = post.current_workflow_state.current_task_state
    mail.outbox.clear()
    with capture(execute=True):
        task_state.task.specific.on_action(task_state, user, "approve")


def _awaiting_panel(client, user) -> str:
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    if 'id="awaiting-review-heading"' not in html:
        return ""
    start = html.index('id="awaiting-review-heading"')
    return html[start : html.index("</section>", start)]


def test_only_verified_non_author_physicians_are_asked_for_clinical_review(
    site_pages, people, django_capture_on_commit_callbacks
):
    author, peer, unverified = people["author"], people["peer"], people["unverified"]
    _submit(site_pages, author, by=author.user, capture=django_capture_on_commit_callbacks)
    [request] = sent_to(mail.outbox, peer.user)
    assert request.subject == f"Review requested: {TITLE}"
    assert_safe_email(request)
    assert sent_to(mail.outbox, unverified.user) == []
    assert sent_to(mail.outbox, author.user) == []
    assert sent_to(mail.outbox, people["compliance"]) == []  # not their step yet


def test_the_awaiting_review_panel_lists_only_what_the_user_can_decide(
    client, site_pages, people, django_capture_on_commit_callbacks
):
    author, peer, unverified = people["author"], people["peer"], people["unverified"]
    post = _submit(site_pages, author, by=author.user, capture=django_capture_on_commit_callbacks)
    assert TITLE in _awaiting_panel(client, peer.user)
    assert TITLE not in _awaiting_panel(client, unverified.user)
    assert TITLE not in _awaiting_panel(client, author.user)
    assert not TaskState.objects.reviewable_by(unverified.user).exists()
    assert (
        TaskState.objects.reviewable_by(peer.user)
        .filter(workflow_state__object_id=str(post.pk))
        .exists()
    )


def test_a_named_author_is_never_asked_even_when_someone_else_submitted(
    client, site_pages, people, django_capture_on_commit_callbacks
):
    """The physician named as the post's author is neither emailed nor shown the task,
    although an editor owns, saved and submitted the post."""
    author, peer = people["author"], people["peer"]
    editor = with_mfa(UserFactory(roles=[Role.EDITOR]))
    _submit(site_pages, author, by=editor, capture=django_capture_on_commit_callbacks)
    assert sent_to(mail.outbox, author.user) == []
    assert sent_to(mail.outbox, peer.user) != []
    assert TITLE not in _awaiting_panel(client, author.user)


def test_compliance_reviewers_are_asked_once_the_clinical_step_is_approved(
    site_pages, people, django_capture_on_commit_callbacks
):
    """Compliance reviewers are asked, never the author even if they hold that role; the
    request is mandatory (sent to a reviewer who unsubscribed from everything)."""
    author, peer, compliance = people["author"], people["peer"], people["compliance"]
    author.user.groups.add(compliance.groups.get())
    preferences_update(user=compliance, muted_kinds=[], all_off=True)
    post = _submit(site_pages, author, by=author.user, capture=django_capture_on_commit_callbacks)
    _approve(post, peer.user, django_capture_on_commit_callbacks)
    [request] = sent_to(mail.outbox, compliance)
    assert "compliance review" in request.body
    assert_safe_email(request)
    assert sent_to(mail.outbox, author.user) == []
    assert sent_to(mail.outbox, peer.user) == []


def test_a_failed_review_request_loses_nothing(
    site_pages, people, settings, django_capture_on_commit_callbacks
):
    """The post is still in review, at the clinical step, and the failure is audited."""
    from portal.audit.models import AuditEvent

    settings.EMAIL_BACKEND = "tests.moderation.failing_email.Backend"
    author = people["author"]
    post = _submit(site_pages, author, by=author.user, capture=django_capture_on_commit_callbacks)
    post.refresh_from_db()
    assert post.current_workflow_state.current_task_state.status == "in_progress"
    assert AuditEvent.objects.filter(
        action="notification.failed", data__kind="content_review_request"
    ).exists()
