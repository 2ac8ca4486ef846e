"""The account hub: overview, groups with email choices, posts with status, reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums.models import GroupSubscription, Membership, MembershipStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_hub_needs_a_login(client):
    """Anonymous people are sent to log in."""
    response = client.get(reverse("accounthub_index"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_header_account_menu_leads_to_the_hub(client, hub):
    """ "My account" in the header opens the hub, which lists its sections."""
    client.force_login(hub["member"])
    home = client.get("/").content.decode()
    assert f'href="{reverse("accounthub_index")}"' in home
    page = client.get(reverse("accounthub_index")).content.decode()
    for name in (
        "accounthub_groups",
        "accounthub_posts",
        "accounthub_reports",
        "notification_preferences",
        "accounthub_security",
        "accounthub_data",
        "accounthub_delete",
    ):
        assert reverse(name) in page
    assert "Heart circle" in page
    assert "waiting for a moderator" in page


def test_my_posts_show_each_status_and_link_only_readable_ones(client, hub):
    """Held, rejected and removed posts are labelled; only published ones are links."""
    client.force_login(hub["member"])
    page = client.get(reverse("accounthub_posts")).content.decode()
    assert page.count("status-held") >= 2  # legend + the held reply
    assert "Waiting for a moderator" in page
    assert "Not published: a moderator declined it" in page
    assert "Removed by a moderator" in page
    assert "You started this topic" in page
    assert f"?post={hub['topic'].first_post_id}#" in page
    for key in ("held", "rejected", "removed"):
        assert f"?post={hub[key].pk}#" not in page
    assert "Someone else" not in page


def test_reports_i_made_show_their_outcome(client, hub):
    """An open report says it waits for a moderator; another member sees theirs decided."""
    client.force_login(hub["member"])
    page = client.get(reverse("accounthub_reports")).content.decode()
    assert "Medical misinformation" in page
    assert "Waiting for a moderator" in page
    client.force_login(hub["other"])
    page = client.get(reverse("accounthub_reports")).content.decode()
    assert "Reviewed: the post was removed" in page


def test_group_email_choice_is_saved_and_can_be_switched_off(client, hub):
    """Off / every post / daily digest map onto the group subscription."""
    client.force_login(hub["member"])
    url = reverse("accounthub_group_email", args=[hub["group"].pk])
    field = f"g{hub['group'].pk}-mode"
    client.post(url, {field: "digest"})
    assert GroupSubscription.objects.get(user=hub["member"]).digest is True
    client.post(url, {field: "each"})
    assert GroupSubscription.objects.get(user=hub["member"]).digest is False
    client.post(url, {field: "off"})
    assert not GroupSubscription.objects.filter(user=hub["member"]).exists()


def test_a_bad_group_email_choice_is_a_clear_error(client, hub):
    """An unknown choice changes nothing and says so."""
    client.force_login(hub["member"])
    url = reverse("accounthub_group_email", args=[hub["group"].pk])
    response = client.post(url, {f"g{hub['group'].pk}-mode": "hourly"}, follow=True)
    assert response.status_code == 200
    assert "Choose one of the email options" in response.content.decode()
    assert not GroupSubscription.objects.filter(user=hub["member"]).exists()


def test_email_choice_for_a_group_i_am_not_in_is_refused(client, hub):
    """Someone outside the group gets a 404, not a subscription."""
    client.force_login(UserFactory())
    url = reverse("accounthub_group_email", args=[hub["group"].pk])
    assert client.post(url, {f"g{hub['group'].pk}-mode": "each"}).status_code == 404


def test_leaving_a_group_from_the_hub_also_stops_its_emails(client, hub):
    """Leave ends the membership and the group subscription."""
    GroupSubscription.objects.create(user=hub["member"], group=hub["group"])
    client.force_login(hub["member"])
    client.post(reverse("accounthub_group_leave", args=[hub["group"].pk]))
    membership = Membership.objects.get(user=hub["member"], group=hub["group"])
    assert membership.status == MembershipStatus.LEFT
    assert not GroupSubscription.objects.filter(user=hub["member"]).exists()
    page = client.get(reverse("accounthub_groups")).content.decode()
    assert "Leave Heart circle" not in page


def test_security_page_links_password_mfa_and_sessions(client, hub):
    """Password change, MFA and the session list are reachable and framed by the hub."""
    client.force_login(hub["member"])
    page = client.get(reverse("accounthub_security")).content.decode()
    for name in ("account_change_password", "mfa_index", "usersessions_list", "account_email"):
        assert reverse(name) in page
    sessions = client.get(reverse("usersessions_list"))
    assert sessions.status_code == 200
    assert 'aria-label="Your account"' in sessions.content.decode()
