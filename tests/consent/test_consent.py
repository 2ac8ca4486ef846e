"""Terms of use and privacy notice: accepted at sign-up, re-asked when a new version is
current, append-only, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.consent.models import AppendOnlyError, PolicyAcceptance
from portal.consent.services import ConsentError, policies_accept, policy_publish
from tests.factories import UserFactory
from tests.helpers import form_token

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def policies(db):
    return {
        "terms": policy_publish(kind="terms", title="Terms", summary="Demo terms v1"),
        "privacy": policy_publish(kind="privacy", title="Privacy", summary="Demo privacy v1"),
    }


def _signup(client, **extra):
    data = {"email": "new@example.test", "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(reverse("account_signup"), data, follow=True)


def test_signup_shows_a_required_checkbox_per_current_document(client, policies):
    """Both documents, linked to their versioned text."""
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="accept_terms"' in page and 'name="accept_privacy"' in page
    assert reverse("policy_document_version", args=["terms", 1]) in page


def test_signup_without_accepting_is_a_form_error_under_the_checkbox(client, policies):
    """No account is made; the error is tied to its checkbox."""
    page = _signup(client, accept_terms="on").content.decode()
    assert not User.objects.filter(email="new@example.test").exists()
    assert "Please accept the privacy notice" in page
    assert 'aria-describedby="id_accept_privacy-errors"' in page


def test_signup_records_and_audits_each_acceptance(client, policies):
    """The new account has accepted both current versions, each audited."""
    _signup(client, accept_terms="on", accept_privacy="on")
    user = User.objects.get(email="new@example.test")
    accepted = set(PolicyAcceptance.objects.filter(user=user).values_list("document_id", flat=True))
    assert accepted == {policies["terms"].pk, policies["privacy"].pk}
    assert AuditEvent.objects.filter(action="consent.accepted").count() == 2


def test_a_new_version_is_asked_for_before_any_other_page(client, policies):
    """After a new version, every page leads to the accept page, which shows what changed."""
    user = UserFactory()
    policies_accept(user=user, document_ids=[policies["terms"].pk, policies["privacy"].pk])
    client.force_login(user)
    assert client.get(reverse("accounthub_index")).status_code == 200
    policy_publish(kind="terms", title="Terms", summary="We now explain data retention.")
    response = client.get(reverse("accounthub_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("policy_accept"))
    page = client.get(response["Location"]).content.decode()
    assert "We now explain data retention." in page
    assert "Log out" in page
    assert "Demo privacy v1" not in page  # already accepted


def test_accepting_the_new_version_returns_to_the_page_asked_for(client, policies):
    """Accept, then land on the page the person wanted (a same-site path only)."""
    user = UserFactory()
    client.force_login(user)
    url = reverse("policy_accept") + "?next=" + reverse("accounthub_posts")
    token = form_token(client, "consent.accept")
    missing = client.post(url, {"next": reverse("accounthub_posts"), **token})
    assert missing.status_code == 200
    assert "Please accept the terms of use" in missing.content.decode()
    response = client.post(
        url,
        {
            "accept_terms": "on",
            "accept_privacy": "on",
            "next": reverse("accounthub_posts"),
            **token,
        },
    )
    assert response["Location"] == reverse("accounthub_posts")
    assert client.get(reverse("accounthub_posts")).status_code == 200
    offsite = client.get(reverse("policy_accept") + "?next=https://evil.example/")
    assert offsite["Location"] == "/"


def test_logout_and_policy_pages_are_reachable_without_accepting(client, policies):
    """A person who will not accept can still read the policies and log out."""
    client.force_login(UserFactory())
    assert client.get(reverse("policy_document", args=["privacy"])).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_version_not_yet_in_effect_is_not_asked_for(client, policies):
    """A document published for next month is not current yet."""
    user = UserFactory()
    policies_accept(user=user, document_ids=[policies["terms"].pk, policies["privacy"].pk])
    policy_publish(
        kind="terms",
        title="Terms",
        summary="Later",
        effective_at=timezone.now() + timedelta(days=30),
    )
    client.force_login(user)
    assert client.get(reverse("accounthub_index")).status_code == 200


def test_acceptances_are_append_only_and_only_current_versions_count(policies):
    """No update, no delete; accepting an outdated version is refused."""
    user = UserFactory()
    (acceptance,) = policies_accept(user=user, document_ids=[policies["terms"].pk])
    with pytest.raises(AppendOnlyError):
        acceptance.delete()
    with pytest.raises(AppendOnlyError):
        PolicyAcceptance.objects.filter(pk=acceptance.pk).update(accepted_at=timezone.now())
    policy_publish(kind="terms", title="Terms", summary="v2")
    with pytest.raises(ConsentError):
        policies_accept(user=user, document_ids=[policies["terms"].pk])


def test_an_unknown_policy_is_a_404(client):
    """No 500 for a made-up kind or an unpublished version."""
    assert client.get("/policies/cookies/").status_code == 404
    assert client.get(reverse("policy_document_version", args=["terms", 9])).status_code == 404


def test_the_policy_publish_command_adds_the_next_version(tmp_path):
    """`manage.py policy_publish` numbers versions itself and refuses a missing text."""
    from django.core.management import CommandError, call_command

    from portal.consent.selectors import current_document

    text = tmp_path / "terms.txt"
    text.write_text("Demo text: the full terms.")
    call_command(
        "policy_publish", "terms", "--title=Terms", "--summary=First", f"--body-file={text}"
    )
    call_command(
        "policy_publish",
        "terms",
        "--title=Terms",
        "--summary=Second",
        "--url=https://example.org/t",
    )
    assert current_document(kind="terms").version == 2
    with pytest.raises(CommandError):
        call_command("policy_publish", "privacy", "--title=P", "--summary=S")
    with pytest.raises(CommandError):
        call_command(
            "policy_publish",
            "privacy",
            "--title=P",
            "--summary=S",
            "--url=https://e.org",
            "--effective-at=soon",
        )
