"""A physician's post goes live only after a peer and compliance approve it, in a real browser.

The demo physician writes a post in the Wagtail admin and submits it; a second, verified
physician approves the clinical step from the dashboard; compliance approves; the post is
then live with the author's byline, credentials and disclosure snapshot, and in the feeds.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect

from physicians.factories import BlogPostPageFactory, PhysicianDisclosureFactory
from physicians.models import BlogPostPage
from portal.audit.models import AuditEvent
from tests.browser_helpers import (
    EDITOR_EVENTS_SCRIPT,
    EDITS_SAVED_JS,
    REVIEW_WORKFLOW_NAME,
    STAFF_TOTP_SECRET,
    log_in_with_totp,
    log_out,
    open_more_actions,
    reset_rate_limits,
)
from tests.factories import DEFAULT_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOTP_SECRET = STAFF_TOTP_SECRET
WORKFLOW_NAME = REVIEW_WORKFLOW_NAME
POST_TITLE = "Walking again after a heart attack"
POST_SUMMARY = "Why gentle walking helps, and how to start safely."
POST_TEXT = "Start with short, gentle walks on flat ground."
COMPANY = "Acme Devices (synthetic)"
ATOM = "{http://www.w3.org/2005/Atom}"


def log_in_as(page, user) -> None:
    log_in_with_totp(page, email=user.email, password=DEFAULT_PASSWORD, secret=TOTP_SECRET)


def write_post(page, *, blog_id: int) -> None:
    """Create a blog post in the Wagtail editor: title, summary, one rich-text block."""
    page.add_init_script(EDITOR_EVENTS_SCRIPT)
    page.goto(f"/admin/pages/add/physicians/blogpostpage/{blog_id}/")
    expect(page).to_have_title(re.compile(r"New: Blog post"))
    page.wait_for_function("() => window.__editorEvents.watching")

    page.get_by_label(re.compile(r"^Title\*?$")).fill(POST_TITLE)
    page.get_by_label(re.compile(r"^Summary")).fill(POST_SUMMARY)
    page.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Rich text").click()
    page.locator(".Draftail-Editor [contenteditable='true']").click()
    page.keyboard.type(POST_TEXT)
    # Submitting while an autosave is on its way could race it; wait as a person would.
    page.wait_for_function(EDITS_SAVED_JS, arg=POST_TEXT)


def approve_from_dashboard(page, *, comment: str) -> None:
    """Approve the post from the dashboard's "Awaiting your review" panel, with a comment."""
    page.goto("/admin/")
    awaiting = page.get_by_role("region", name="Awaiting your review")
    row = awaiting.get_by_role("row").filter(has_text=POST_TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog").filter(has=page.get_by_label("Comment"))
    dialog.get_by_label("Comment").fill(comment)
    dialog.get_by_role("button", name="Approve with comment").click()
    expect(page.get_by_role("row").filter(has_text=POST_TITLE)).to_have_count(0)


@pytest.fixture
def review_people(site_pages, make_physician, compliance_user):
    """The author (MD, MPH, one disclosed relationship), a verified peer and compliance."""
    author = make_physician(credentials=["MD", "MPH"])
    author.no_relevant_financial_relationships = False
    author.disclosures.add(PhysicianDisclosureFactory.build(profile=author, company=COMPANY))
    author.save_revision().publish()
    peer = make_physician()
    reset_rate_limits()
    return {"author": author, "peer": peer, "compliance": compliance_user}


def test_post_goes_live_after_peer_and_compliance_approve(page, site_pages, review_people):
    """Author submits; the peer and compliance approve; the public sees the vetted post."""
    author, peer = review_people["author"], review_people["peer"]
    compliance = review_people["compliance"]
    blog = site_pages["blog"]

    # The author writes the post and submits it to review: there is no way to publish it.
    log_in_as(page, author.user)
    write_post(page, blog_id=blog.pk)
    footer = open_more_actions(page)
    expect(footer.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    footer.get_by_role("button", name=f"Submit to {WORKFLOW_NAME}").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{blog.pk}/$"))
    submitted = re.compile(rf"'{re.escape(POST_TITLE)}' .*submitted for moderation")
    expect(page.get_by_text(submitted)).to_be_visible()
    listed = page.get_by_role("row").filter(has_text=POST_TITLE)
    expect(listed).to_contain_text(re.compile("in moderation", re.IGNORECASE))

    # Back in the editor, the post awaits review: still nothing publishes or approves it.
    listed.get_by_role("link", name=POST_TITLE).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    footer = open_more_actions(page)
    expect(footer.get_by_role("button", name=re.compile("Publish|Approve"))).to_have_count(0)
    log_out(page)

    # Query the database only after a later page load: on leaving, the editor sends a beacon
    # that Playwright cannot wait for, and it could race a query on the in-memory SQLite.
    post = BlogPostPage.objects.get(title=POST_TITLE)
    assert not post.live
    assert post.current_workflow_state.workflow.name == WORKFLOW_NAME
    assert post.current_workflow_task.name == "Clinical peer review"

    # A second, verified physician approves the clinical step.
    log_in_as(page, peer.user)
    approve_from_dashboard(page, comment="Clinically sound")
    log_out(page)
    post.refresh_from_db()
    assert not post.live
    assert post.current_workflow_task.name == "Compliance review"

    # Compliance approves: the review workflow publishes the approved revision.
    log_in_as(page, compliance)
    approve_from_dashboard(page, comment="Disclosures in order")
    log_out(page)

    # Anyone can now read it, with byline, credentials, disclosures and the notice.
    post = BlogPostPage.objects.get(pk=post.pk)
    page.goto(post.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(POST_TITLE)
    expect(page.get_by_text(POST_TEXT)).to_be_visible()
    byline = page.get_by_role("link", name=f"{author.title}, MD, MPH", exact=True)
    expect(byline).to_be_visible()
    expect(byline).to_have_attribute("href", author.url)
    disclosures = page.get_by_role("region", name="Author's disclosures at publication")
    expect(disclosures).to_contain_text(COMPANY)
    notice = page.get_by_role("complementary", name="About this post")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("not medical advice")

    rss = page.request.get(f"{blog.url}feeds/rss/")
    assert rss.ok, rss.status
    rss_titles = [t.text for t in ElementTree.fromstring(rss.body()).iter("title")]  # noqa: S314
    assert POST_TITLE in rss_titles
    atom = page.request.get(f"{blog.url}feeds/atom/")
    assert atom.ok, atom.status
    atom_root = ElementTree.fromstring(atom.body())  # noqa: S314
    assert atom_root.tag == f"{ATOM}feed"
    assert POST_TITLE in [t.text for t in atom_root.iter(f"{ATOM}title")]

    assert post.live
    assert post.is_vetted
    assert [d["company"] for d in post.disclosure_snapshot["disclosures"]] == [COMPANY]
    approvals = AuditEvent.objects.filter(action="review.approved", target_id=str(post.pk))
    assert {(e.actor_id, e.data["comment"]) for e in approvals} == {
        (peer.user.pk, "Clinically sound"),
        (compliance.pk, "Disclosures in order"),
    }


def test_the_author_is_offered_no_approve_action_on_their_own_post(page, site_pages, review_people):
    """After submitting, the author's dashboard and editor offer no "Approve", and a forged
    approval is refused."""
    author, peer = review_people["author"], review_people["peer"]
    post = BlogPostPageFactory.build(title=POST_TITLE, author=author, owner=author.user, live=False)
    site_pages["blog"].add_child(instance=post)
    post.save_revision(user=author.user)
    post.get_workflow().start(post, author.user)
    post = BlogPostPage.objects.get(pk=post.pk)
    task_state = post.current_workflow_state.current_task_state
    # The peer could approve it: the author's lack of the action below is not an accident.
    peer_actions = task_state.task.specific.get_actions(post, peer.user)
    assert "approve" in [name for name, _label, _modal in peer_actions]

    log_in_as(page, author.user)
    page.goto("/admin/")
    in_workflow = page.get_by_role("region", name="Your pages and snippets in a workflow")
    mine = in_workflow.get_by_role("row").filter(has_text=POST_TITLE)
    expect(mine).to_contain_text("Awaiting Clinical peer review")
    expect(page.get_by_role("region", name="Awaiting your review")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)

    page.goto(f"/admin/pages/{post.pk}/edit/")
    footer = open_more_actions(page)
    expect(footer.get_by_role("button", name=re.compile("Approve|Publish"))).to_have_count(0)

    # Wagtail turns the refusal into a redirect to the dashboard with an error message.
    page.goto(f"/admin/pages/workflow/action/{post.pk}/approve/{task_state.pk}/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("you do not have permission")).to_be_visible()
    log_out(page)
    post.refresh_from_db()
    assert not post.live
    assert post.current_workflow_task.name == "Clinical peer review"
