"""Download my data: a streamed ZIP of JSON sections, audited, with an email notice."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.consent.services import policies_accept, policy_publish
from portal.notifications.services import preferences_update

pytestmark = pytest.mark.django_db


def _download(client) -> zipfile.ZipFile:
    response = client.post(reverse("accounthub_data_download"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-portal-data-')
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_every_section_as_json(client, hub, django_capture_on_commit_callbacks):
    """Account, groups and pseudonym, posts with status, reports, consents, preferences."""
    member = hub["member"]
    terms = policy_publish(kind="terms", title="Terms", summary="First")
    policies_accept(user=member, document_ids=[terms.pk])
    preferences_update(user=member, muted_kinds=[], all_off=True)
    client.force_login(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        archive = _download(client)
    names = set(archive.namelist())
    for section in (
        "account",
        "support_groups",
        "posts",
        "reports",
        "consents",
        "notification_preferences",
        "account_deletion",
    ):
        assert f"{section}.json" in names
    assert "README.txt" in names
    data = {name[:-5]: json.loads(archive.read(name)) for name in names if name.endswith(".json")}
    assert data["account"]["email"] == "member@example.test"
    assert data["support_groups"]["memberships"][0]["group"] == "Heart circle"
    assert data["support_groups"]["pseudonym"] == f"Member {member.pk}"
    statuses = {post["text"]: post["status"] for post in data["posts"]}
    assert statuses["A held reply"] == "held"
    assert statuses["A rejected reply"] == "rejected"
    assert statuses["A removed reply"] == "removed"
    assert statuses["My story"] == "published"
    assert "Someone else's words" not in statuses
    assert data["reports"][0]["note"] == "Wrong dose"
    assert data["consents"][0]["version"] == 1
    assert data["notification_preferences"]["unsubscribed_from_all"] is True
    assert AuditEvent.objects.filter(action="account.data_exported").count() == 1
    assert [m.subject for m in mail.outbox] == ["Your data was downloaded"]
    assert "Wrong dose" not in mail.outbox[0].body


def test_the_download_needs_a_login_and_a_post(client, hub):
    """GET is refused; anonymous people are sent to log in."""
    url = reverse("accounthub_data_download")
    assert client.post(url).status_code == 302
    client.force_login(hub["member"])
    assert client.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action="account.data_exported").exists()


def test_no_one_else_s_data_is_in_my_zip(client, hub):
    """The other member's email and post text never appear."""
    client.force_login(hub["member"])
    archive = _download(client)
    blob = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert hub["other"].email not in blob
    assert "Someone else's words" not in blob
