"""The admin screens: Syndicate action, compose with preview, queue with filters,
approval screen with the exact text and the diff, permissions, and the system check."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from syndication.checks import channel_credentials
from syndication.factories import ChannelFactory
from syndication.models import Approval, PostStatus, SyndicationPost
from syndication.services import delivery_decide, post_compose, post_submit, post_update
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.helpers import assert_denied, form_token

pytestmark = pytest.mark.django_db


def test_syndicate_action_is_offered_on_an_eligible_page(client, vetted_page, editor):
    """The page editor's action menu links to composing for a live, vetted page."""
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[vetted_page.pk]))
    assert reverse("syndication_compose", args=[vetted_page.pk]) in response.content.decode()


def test_syndicate_action_is_not_offered_on_an_unvetted_page(client, site_pages, editor):
    """A page that never went through review gets no Syndicate action."""
    from education.factories import EducationIndexPageFactory

    library = EducationIndexPageFactory(parent=site_pages["home"])
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[library.pk]))
    assert reverse("syndication_compose", args=[library.pk]) not in response.content.decode()


def test_compose_screen_prefills_each_channel_from_the_summary(
    client, vetted_page, editor, mastodon, bluesky
):
    """Every enabled channel gets a text box with the summary and a live preview slot."""
    client.force_login(editor)
    content = client.get(reverse("syndication_compose", args=[vetted_page.pk])).content.decode()
    assert content.count("Living with asthma: Know your triggers.") >= 2
    assert f'id="preview-{mastodon.pk}"' in content and f'id="count-{bluesky.pk}"' in content
    assert "syndication/compose.js" in content


def test_compose_screen_creates_a_draft_for_the_ticked_channels(
    client, vetted_page, editor, mastodon, bluesky
):
    """Only ticked channels get a delivery, with the text as typed."""
    client.force_login(editor)
    response = client.post(
        reverse("syndication_compose", args=[vetted_page.pk]),
        {
            f"use_{mastodon.pk}": "on",
            f"text_{mastodon.pk}": "Asthma triggers explained.",
            **form_token(client, "syndication.compose"),
        },
    )
    post = SyndicationPost.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{post.pk}/")
    assert [(d.channel, d.text) for d in post.deliveries.all()] == [
        (mastodon, "Asthma triggers explained.")
    ]


def test_compose_screen_refuses_an_ineligible_page(client, vetted_page, editor, mastodon):
    """The screen explains why and creates nothing."""
    vetted_page.unpublish()
    client.force_login(editor)
    response = client.post(
        reverse("syndication_compose", args=[vetted_page.pk]),
        {
            f"use_{mastodon.pk}": "on",
            f"text_{mastodon.pk}": "Hi",
            **form_token(client, "syndication.compose"),
        },
    )
    assert "The source page is not live." in response.content.decode()
    assert not SyndicationPost.objects.exists()


def test_queue_filters_by_status_and_channel(client, vetted_page, editor, mastodon, bluesky):
    """The queue lists posts and filters them by status and by channel."""
    on_mastodon = post_compose(source=vetted_page, actor=editor, channels=[mastodon])
    on_bluesky = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[bluesky]), actor=editor
    )
    client.force_login(editor)
    url = reverse("syndication_queue")

    def listed(query):
        content = client.get(url, query).content.decode()
        return {p.pk for p in (on_mastodon, on_bluesky) if f'data-post="{p.pk}"' in content}

    assert listed({}) == {on_mastodon.pk, on_bluesky.pk}
    assert listed({"status": PostStatus.AWAITING_APPROVAL}) == {on_bluesky.pk}
    assert listed({"channel": mastodon.pk}) == {on_mastodon.pk}


def test_approval_screen_shows_the_exact_text_and_the_diff_since_approval(
    client, vetted_page, editor, reviewer, mastodon
):
    """After an edit, reviewers see what will be posted and what changed."""
    post = post_submit(
        post=post_compose(
            source=vetted_page, actor=editor, channels=[mastodon], texts={mastodon.pk: "Old words"}
        ),
        actor=editor,
    )
    delivery = post.deliveries.get()
    delivery_decide(delivery=delivery, actor=reviewer, approve=True)
    post_update(post=post, actor=editor, texts={mastodon.pk: "New words <b>"})
    client.force_login(reviewer)
    content = client.get(reverse("syndication_post", args=[post.pk])).content.decode()
    delivery.refresh_from_db()
    assert f"New words &lt;b&gt;\n\n{delivery.link.replace('&', '&amp;')}" in content
    assert "<del>Old</del>" in content and "<ins>New</ins>" in content
    assert "void (Edited: approvals voided.)" in content


def test_reviewer_approves_on_the_screen_and_the_composer_cannot(
    client, vetted_page, editor, reviewer, mastodon
):
    """The composer gets no approve button and a POST is refused by the service."""
    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[mastodon]), actor=editor
    )
    delivery = post.deliveries.get()
    decide = reverse("syndication_decide", args=[delivery.pk])
    client.force_login(editor)
    assert_denied(client.post(decide, {"decision": "approve"}))
    client.force_login(reviewer)
    assert (
        f'action="{decide}"'
        in client.get(reverse("syndication_post", args=[post.pk])).content.decode()
    )
    client.post(decide, {"decision": "approve", "comment": "Fine"})
    assert Approval.objects.get().reviewer == reviewer


@pytest.mark.parametrize("role", ["Patient", "Physician", "Moderator"])
def test_queue_is_for_editors_compliance_and_admins_only(client, role):
    """Other roles are refused."""
    client.force_login(with_mfa(UserFactory(roles=[role])))
    response = client.get(reverse("syndication_queue"))
    if role == "Patient":  # no admin access at all: sent to log in
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert_denied(response)


def test_channels_are_managed_in_the_admin(client, admin_user, editor):
    """Administrators add channels; editors may only look."""
    client.force_login(admin_user)
    assert client.get(reverse("wagtailsnippets_syndication_channel:add")).status_code == 200
    client.force_login(editor)
    assert_denied(client.get(reverse("wagtailsnippets_syndication_channel:add")))


def test_system_check_flags_an_enabled_channel_without_credentials(db, monkeypatch):
    """An enabled channel whose credentials variable is unset is a warning (a failure in
    `manage.py check --fail-level WARNING`); disabled channels are not."""
    monkeypatch.delenv("PORTAL_TEST_CHANNEL_TOKEN")
    ChannelFactory(name="Off", enabled=False)
    ChannelFactory(name="Hospital X", credentials_env_var="HOSPITAL_X_TOKEN")
    messages = channel_credentials()
    assert [m.id for m in messages] == ["syndication.W001"]
    assert "HOSPITAL_X_TOKEN" in messages[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check", fail_level="WARNING")
    monkeypatch.setenv("HOSPITAL_X_TOKEN", "secret")
    assert channel_credentials() == []


def test_reconcile_and_retry_from_the_post_screen(client, vetted_page, editor, reviewer, mastodon):
    """An editor resolves 'needs reconciliation' with the post's address on the screen."""
    from syndication.models import Delivery, DeliveryStatus

    post = post_submit(
        post=post_compose(source=vetted_page, actor=editor, channels=[mastodon]), actor=editor
    )
    delivery = post.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.NEEDS_RECONCILIATION)
    client.force_login(editor)
    content = client.get(reverse("syndication_post", args=[post.pk])).content.decode()
    assert reverse("syndication_reconcile", args=[delivery.pk]) in content
    client.post(
        reverse("syndication_reconcile", args=[delivery.pk]),
        {"posted": "1", "remote_url": "https://social.example/@clinic/5"},
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.remote_url == "https://social.example/@clinic/5"
    client.force_login(reviewer)
    assert_denied(client.post(reverse("syndication_retry", args=[delivery.pk])))


def test_approval_screen_says_where_the_image_is_not_attached(
    client, vetted_page, editor, reviewer, mastodon
):
    """LinkedIn shows a link card: reviewers are told the image will not go with it."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from syndication.models import Platform

    linkedin = ChannelFactory(name="LinkedIn page", platform=Platform.LINKEDIN)
    image = Image.objects.create(title="Inhaler", file=get_test_image_file())
    post = post_compose(
        source=vetted_page,
        actor=editor,
        channels=[mastodon, linkedin],
        image=image,
        image_alt="An inhaler with a spacer",
    )
    client.force_login(reviewer)
    content = client.get(reverse("syndication_post", args=[post.pk])).content.decode()
    assert "With the image, described as “An inhaler with a spacer”." in content
    assert "<strong>Without the image:</strong> LinkedIn shows the page's link card" in content


def test_approval_steps_offer_only_compliance_reviewers(
    client, admin_user, editor, reviewer, compliance_user
):
    """A step's reviewers are chosen among active compliance reviewers."""
    import re

    client.force_login(admin_user)
    content = client.get(reverse("wagtailsnippets_syndication_channel:add")).content.decode()
    offered = {int(pk) for pk in re.findall(r'name="[^"]*reviewers" value="(\d+)"', content)}
    offered |= {int(pk) for pk in re.findall(r'<option value="(\d+)"[^>]*>[^<]*Demo User', content)}
    assert offered == {reviewer.pk, compliance_user.pk}


def test_queue_query_count_does_not_grow_with_posts(client, vetted_page, editor, mastodon, bluesky):
    """The queue loads posts and their deliveries in a fixed number of queries."""
    from tests.helpers import count_queries

    client.force_login(editor)
    post_compose(source=vetted_page, actor=editor, channels=[mastodon, bluesky])
    few = count_queries(client, reverse("syndication_queue"))
    for _ in range(5):
        post_compose(source=vetted_page, actor=editor, channels=[mastodon, bluesky])
    assert count_queries(client, reverse("syndication_queue")) == few
