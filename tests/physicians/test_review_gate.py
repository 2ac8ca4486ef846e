"""Blog posts go live only through clinical peer review then compliance review."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from physicians.factories import BlogPostPageFactory, PhysicianDisclosureFactory
from physicians.models import BlogPostPage
from portal.audit.models import AuditEvent
from portal.review.models import ReviewedRevision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _draft_post(blog, author) -> BlogPostPage:
    post = BlogPostPageFactory.build(author=author, owner=author.user, live=False)
    blog.add_child(instance=post)
    post.save_revision(user=author.user)
    return BlogPostPage.objects.get(pk=post.pk)


def _submit(post, user):
    return post.get_workflow().start(post, user)


def _current_task_state(post):
    post.refresh_from_db()
    return post.current_workflow_state.current_task_state


def _act(post, user, action: str, comment: str = ""):
    task_state = _current_task_state(post)
    kwargs = {"comment": comment} if comment else {}
    task_state.task.specific.on_action(task_state, user, action, **kwargs)


def _actions(post, user) -> list[str]:
    task = _current_task_state(post).task.specific
    return [name for name, _label, _modal in task.get_actions(post, user)]


@pytest.fixture
def review_setup(site_pages, make_physician, compliance_user):
    author = make_physician()
    author.no_relevant_financial_relationships = False
    author.disclosures.add(
        PhysicianDisclosureFactory.build(profile=author, company="Acme (synthetic)")
    )
    author.save_revision().publish()
    peer = make_physician()
    post = _draft_post(site_pages["blog"], author)
    _submit(post, author.user)
    return {"author": author, "peer": peer, "post": post, "compliance": compliance_user}


def test_full_review_publishes_the_post_with_a_disclosure_snapshot(review_setup):
    """Peer approves, compliance approves: live, recorded as reviewed, disclosures copied."""
    post, peer, compliance = review_setup["post"], review_setup["peer"], review_setup["compliance"]
    _act(post, peer.user, "approve", comment="Clinically sound.")
    _act(post, compliance, "approve", comment="Disclosures in order.")
    post = BlogPostPage.objects.get(pk=post.pk)
    assert post.live
    assert post.is_vetted
    assert ReviewedRevision.objects.filter(revision_id=post.live_revision_id).exists()
    companies = [d["company"] for d in post.disclosure_snapshot["disclosures"]]
    assert companies == ["Acme (synthetic)"]
    assert post.live_revision.content["disclosure_snapshot"] == post.disclosure_snapshot


def test_each_decision_and_comment_is_audited(review_setup):
    """Submission, both approvals (with comments) and publication are in the audit log."""
    post, peer, compliance = review_setup["post"], review_setup["peer"], review_setup["compliance"]
    _act(post, peer.user, "approve", comment="Clinically sound.")
    _act(post, compliance, "approve", comment="OK to publish.")
    events = AuditEvent.objects.filter(target_id=str(post.pk)).order_by("id")
    actions = [(e.action, e.actor_id, e.data.get("comment")) for e in events]
    assert ("review.submitted", review_setup["author"].user.pk, None) in actions
    assert ("review.approved", peer.user.pk, "Clinically sound.") in actions
    assert ("review.approved", compliance.pk, "OK to publish.") in actions
    assert [a for a, *_ in actions].count("review.published") == 1


def test_later_profile_edits_do_not_rewrite_the_snapshot(review_setup):
    """The post keeps the disclosures that were true when it was published."""
    post, peer, compliance = review_setup["post"], review_setup["peer"], review_setup["compliance"]
    _act(post, peer.user, "approve")
    _act(post, compliance, "approve")
    author = review_setup["author"]
    author.disclosures.set([])
    author.no_relevant_financial_relationships = True
    author.save_revision().publish()
    post = BlogPostPage.objects.get(pk=post.pk)
    assert post.disclosure_snapshot["disclosures"][0]["company"] == "Acme (synthetic)"


def test_the_author_can_never_approve_their_own_post(review_setup):
    """No approve action at the clinical step, and a forged action is refused."""
    post, author = review_setup["post"], review_setup["author"]
    assert _actions(post, author.user) == []
    with pytest.raises(PermissionDenied):
        _act(post, author.user, "approve")
    assert not BlogPostPage.objects.get(pk=post.pk).live


def test_the_author_cannot_approve_the_compliance_step_either(review_setup):
    """Even an author who also holds the compliance role is excluded."""
    post, peer, author = review_setup["post"], review_setup["peer"], review_setup["author"]
    author.user.groups.add(review_setup["compliance"].groups.get())
    _act(post, peer.user, "approve")
    assert _actions(post, author.user) == []
    with pytest.raises(PermissionDenied):
        _act(post, author.user, "approve")


def test_unverified_physicians_cannot_do_clinical_review(review_setup, make_physician):
    """Clinical peer review needs a verified physician."""
    unverified = make_physician(verified=False)
    assert _actions(review_setup["post"], unverified.user) == []


def test_compliance_cannot_approve_the_clinical_step(review_setup):
    """Steps happen in order: compliance waits for the clinical decision."""
    assert _actions(review_setup["post"], review_setup["compliance"]) == []


def test_patients_and_editors_have_no_review_actions(review_setup):
    """Only the task's group may act."""
    for role in ("Patient", "Editor"):
        assert _actions(review_setup["post"], UserFactory(roles=[role])) == []


def test_requested_changes_keep_the_post_offline(review_setup):
    """A rejection stops the workflow; nothing is published."""
    post, peer = review_setup["post"], review_setup["peer"]
    _act(post, peer.user, "reject", comment="Cite the trial.")
    post = BlogPostPage.objects.get(pk=post.pk)
    assert not post.live
    assert AuditEvent.objects.filter(action="review.changes_requested", actor=peer.user).exists()


def test_nobody_can_publish_a_post_directly(review_setup, admin_user):
    """Not the author, not an administrator, not a superuser: only the workflow publishes."""
    post = review_setup["post"]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user in (review_setup["author"].user, admin_user, superuser):
        assert not post.permissions_for_user(user).can_publish()
    with pytest.raises(PermissionDenied):
        post.get_latest_revision().publish(user=admin_user)
    assert not BlogPostPage.objects.get(pk=post.pk).live


def test_an_edit_during_review_restarts_the_review(review_setup):
    """Approval binds to the reviewed revision: a new revision needs review again."""
    from django.conf import settings

    assert settings.WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT is True
