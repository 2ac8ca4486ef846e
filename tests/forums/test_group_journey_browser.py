"""Browser journey: a patient joins a group, accepts the guidelines, picks a display name,
posts (held as a new member); the moderator approves it in the approval queue; it appears
with the display name, never the email."""

from __future__ import annotations

import re

import pytest
from machina.apps.forum_conversation.models import Post
from playwright.sync_api import expect

from forums.models import MemberProfile, Membership, MembershipStatus
from portal.accounts.roles import Role
from tests.browser_helpers import log_in, log_in_with_totp, log_out, reset_rate_limits
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.fixtures_people import with_mfa
from tests.forums.browser_steps import message_box, topic_url
from tests.forums.conftest import join, make_group, make_topic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PSEUDONYM = "Brave Badger"
REPLY = "Thank you all. The breathing exercises from the first post helped me this week."
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the secret tests.fixtures_people.with_mfa sets up
NAME_LABEL = "Your name in support groups"
GUIDELINES_LABEL = "I have read and accept the community guidelines"


@pytest.fixture
def circle(home):
    """A public group with one topic, started by a member who is not the patient."""
    group = make_group("Asthma circle")
    veteran = UserFactory(roles=[Role.PATIENT])
    join(veteran, group)
    topic = make_topic(
        group, poster=veteran, subject="Welcome", text="Say hello and share what helps you."
    )
    return {"group": group, "topic": topic}


def test_patient_joins_posts_held_reply_and_moderator_approves_it(page, circle):
    """Join with guidelines and a pseudonym, reply (held), approve in the queue, and the
    reply shows under the pseudonym, with the email address nowhere on the page."""
    group, topic = circle["group"], circle["topic"]
    patient = UserFactory(
        email="jordan.ellis@example.test",
        first_name="Jordan",
        last_name="Ellis",
        roles=[Role.PATIENT],
    )
    moderator = with_mfa(UserFactory(roles=[Role.MODERATOR]))
    assert not MemberProfile.objects.filter(user=patient).exists()
    reset_rate_limits()

    # The patient joins from the groups index: guidelines, pseudonym, checkbox.
    log_in(page, email=patient.email, password=DEFAULT_PASSWORD)
    page.goto("/groups/")
    page.get_by_role("link", name="Join Asthma circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Asthma circle")
    guidelines = page.get_by_role("region", name=re.compile(r"^Community guidelines"))
    expect(guidelines).to_be_visible()
    expect(guidelines).to_contain_text("Share your experience, not medical advice.")
    page.get_by_label(NAME_LABEL).fill(PSEUDONYM)
    page.get_by_label(GUIDELINES_LABEL).check()
    page.get_by_role("button", name="Join group").click()

    forum = group.forum
    expect(page).to_have_url(re.compile(rf"/groups/forum/{forum.slug}-{forum.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Asthma circle")
    expect(page.get_by_role("status")).to_contain_text("Welcome to Asthma circle.")
    assert Membership.objects.get(user=patient, group=group).status == MembershipStatus.ACTIVE
    assert MemberProfile.objects.get(user=patient).display_name == PSEUDONYM

    # The patient replies through machina's reply form: the subject is prefilled.
    page.get_by_role("link", name="Welcome", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(topic_url(topic)) + "$"))
    page.get_by_role("link", name="Reply", exact=True).click()
    expect(page.get_by_role("textbox", name="Subject")).to_have_value("Re: Welcome")
    message_box(page).fill(REPLY)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(topic_url(topic))))
    # One message: the post waits for a moderator (not "posted successfully" first).
    status = page.get_by_role("status")
    expect(status.get_by_role("listitem")).to_have_count(1)
    expect(status).to_contain_text("Your post is waiting for a moderator.")
    expect(status).not_to_contain_text("posted successfully")
    # The author finds the held reply in the topic, marked, with what happens next.
    held_post = page.locator("li.post").filter(has_text=REPLY)
    expect(held_post).to_have_count(1)
    expect(held_post).to_contain_text("Waiting for a moderator")
    expect(held_post).to_contain_text("Only you and the moderators can see this post.")
    held = Post.objects.get(poster=patient)
    assert held.approved is False
    assert held.topic_id == topic.pk
    # ...and on the group page, under "Your posts waiting for a moderator".
    page.goto(f"/groups/forum/{forum.slug}-{forum.pk}/")
    waiting = page.get_by_role("region", name="Your posts waiting for a moderator")
    expect(waiting.get_by_role("link", name=re.compile("Welcome"))).to_have_count(1)

    # Not visible to an anonymous visitor while held.
    log_out(page)
    page.goto(topic_url(topic))
    expect(page.get_by_text("Say hello and share what helps you.")).to_be_visible()
    expect(page.get_by_text(REPLY)).to_have_count(0)

    # The moderator signs in with TOTP and approves it from the queue.
    log_in_with_totp(page, email=moderator.email, password=DEFAULT_PASSWORD, secret=TOTP_SECRET)
    # machina's old queue address leads to the portal's queue.
    page.goto("/groups/moderation/queue/")
    expect(page).to_have_url(re.compile(r"/groups/moderation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    queued = page.locator("tr.queue-item").filter(has_text=PSEUDONYM)
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("New member")
    expect(page.locator(".moderation-queue")).not_to_contain_text(patient.email)
    queued.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/groups/moderation/items/\d+/$"))
    expect(page.locator(".screening-preview")).to_contain_text(REPLY)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page).to_have_url(re.compile(r"/groups/moderation/$"))
    expect(page.get_by_text("Nothing is waiting. Thank you.")).to_be_visible()
    held.refresh_from_db()
    assert held.approved is True

    # An anonymous visitor now sees the reply, under the pseudonym, and no email address.
    log_out(page)
    page.goto(topic_url(topic))
    reply = page.locator("li.post").filter(has_text=REPLY)
    expect(reply).to_have_count(1)
    expect(reply.locator(".post-meta strong")).to_have_text(PSEUDONYM)
    html = page.content().lower()
    assert "jordan.ellis@example.test" not in html
    assert "jordan.ellis" not in html
    assert "ellis" not in html  # nor the account's real name


def test_a_look_alike_of_a_staff_name_is_refused_on_the_join_form(page, circle):
    """ "Maria Gonza1ez" imitates the moderator Maria Gonzalez: refused with the message
    shown and the typed name (and the ticked box) kept; no membership is created."""
    UserFactory(first_name="Maria", last_name="Gonzalez", roles=[Role.MODERATOR])
    patient = UserFactory(roles=[Role.PATIENT])
    reset_rate_limits()

    log_in(page, email=patient.email, password=DEFAULT_PASSWORD)
    page.goto("/groups/")
    page.get_by_role("link", name="Join Asthma circle").click()
    page.get_by_label(NAME_LABEL).fill("Maria Gonza1ez")
    page.get_by_label(GUIDELINES_LABEL).check()
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Join group").click()
    assert posted.value.status == 400

    expect(page.get_by_role("heading", level=1)).to_have_text("Join Asthma circle")
    name = page.get_by_label(NAME_LABEL)
    expect(name).to_have_value("Maria Gonza1ez")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_display_name-errors")).to_have_text(
        "This name is too close to the name of a staff member or physician."
    )
    expect(page.get_by_label(GUIDELINES_LABEL)).to_be_checked()
    assert not Membership.objects.filter(user=patient).exists()
    assert not MemberProfile.objects.filter(user=patient).exists()
