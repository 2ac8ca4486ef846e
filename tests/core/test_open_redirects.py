"""Every redirect taken from input stays on this site, whatever the payload."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from forums.moderation.models import SanctionKind
from forums.moderation.services import member_sanction
from portal.core.redirects import safe_next
from tests.factories import UserFactory
from tests.fixtures_people import with_mfa
from tests.fixtures_site import make_home_page
from tests.forums.conftest import join, make_group

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "//evil.test",
    "//evil.test/",
    "///evil.test",
    "////evil.test",
    "/\\evil.test",
    "\\/evil.test",
    "\\\\evil.test",
    "/\\/evil.test",
    "https://evil.test",
    "http://evil.test/groups/",
    "https:evil.test",
    "https:/evil.test",
    "http:\\\\evil.test",
    "HTTPS://EVIL.TEST",
    "ftp://evil.test",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "%2F%2Fevil.test",
    "/%2F/evil.test/..",
    "%5C%5Cevil.test",
    "/\t/evil.test",
    "/\n/evil.test",
    "\t//evil.test",
    "\r\n//evil.test",
    " //evil.test",
    "/ /evil.test",
    "//user@evil.test",
    "https://testserver@evil.test",
    "//testserver@evil.test",
    "https://evil.test#@testserver",
    "https://evil.test\\@testserver",
    "\uff0f\uff0fevil.test",
    "/\uff0fevil.test",
    "\u2215\u2215evil.test",
    "//evil\u3002test",
    "//evil.test%00/",
    "/\x00/evil.test",
    "/\x7f/evil.test",
    "evil.test",
    "//[::1]/",
    "https://testserver.evil.test/",
]


def _browser_sees_off_site(location: str) -> bool:
    """As a browser would read it: tabs and newlines dropped, "\\" taken as "/"."""
    if not location:
        return False
    cleaned = "".join(c for c in location if c not in "\t\r\n").strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc or cleaned.startswith("//"):
        return parts.netloc not in ("", "testserver")
    return not cleaned.startswith("/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return make_home_page()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_next_refuses_every_off_site_payload(payload):
    """The helper answers the default for every payload."""
    for secure in (False, True):
        request = RequestFactory().get("/", secure=secure)
        assert safe_next(request, payload, "/default/") == "/default/"


def test_safe_next_keeps_paths_on_this_site():
    """A plain path with its query and fragment is kept."""
    request = RequestFactory().get("/")
    target = "/groups/moderation/queue/?page=2#item-3"
    assert safe_next(request, target, "/default/") == target


def _anonymise(client) -> tuple[str, dict]:
    member = UserFactory()
    join(member, make_group("Open circle"))
    client.force_login(with_mfa(UserFactory(roles=["Moderator"])))
    url = reverse("group_anonymise_member", args=[member.pk])
    return "post", {"path": url, "data": {"reason": "Looked like a real name"}}


def _warning_ack(client) -> tuple[str, dict]:
    member = UserFactory(roles=["Patient"])
    join(member, make_group("Open circle"))
    moderator = with_mfa(UserFactory(roles=["Moderator"]))
    sanction = member_sanction(
        member=member, moderator=moderator, kind=SanctionKind.WARN, reason="Be kind", duration=None
    )
    client.force_login(member)
    return "post", {"path": reverse("moderation_warning_ack", args=[sanction.pk]), "data": {}}


def _admin_login(client) -> tuple[str, dict]:
    return "get", {"path": "/admin/login/", "data": {}}


def _login(client) -> tuple[str, dict]:
    user = UserFactory(roles=["Patient"])
    user.set_password("demo-password-123")
    user.save()
    data = {"login": user.email, "password": "demo-password-123"}
    return "post", {"path": reverse("account_login"), "data": data}


ENDPOINTS = {
    "moderators' anonymise action": _anonymise,
    "warning acknowledgement": _warning_ack,
    "admin login hand-over": _admin_login,
    "sign in": _login,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_endpoint_follows_an_off_site_next(client, home, endpoint):
    """Each endpoint that accepts next answers every payload with a redirect on this site
    (and hands on only an on-site next)."""
    method, request = ENDPOINTS[endpoint](client)
    failures = []
    for payload in PAYLOADS:
        cache.clear()  # sign-in rate limits
        if endpoint == "sign in":
            client.logout()
        response = getattr(client, method)(request["path"], {**request["data"], "next": payload})
        location = response.get("Location", "")
        forwarded = parse_qs(urlsplit(location).query).get("next", [""])[0]
        if (
            response.status_code not in (301, 302)
            or _browser_sees_off_site(location)
            or _browser_sees_off_site(unquote(location))
            or _browser_sees_off_site(forwarded)
        ):
            failures.append((payload, response.status_code, location))
    assert not failures, failures


def test_on_site_next_is_still_followed(client, home):
    """The helper does not break the normal return to the page the moderator came from."""
    member = UserFactory()
    join(member, make_group("Open circle"))
    client.force_login(with_mfa(UserFactory(roles=["Moderator"])))
    url = reverse("group_anonymise_member", args=[member.pk])
    response = client.post(url, {"reason": "Real name", "next": "/groups/moderation/"})
    assert response["Location"] == "/groups/moderation/"
