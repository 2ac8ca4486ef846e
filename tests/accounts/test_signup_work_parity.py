"""A sign-up for an address that already has an account does the same slow work as one
for a new address: one password hash, one queued email and nothing sent while the visitor
waits, and about the same number of database queries. (Counted, not timed: the timings
are in ``make bench`` / ``python -m bench --signup-only``.)"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from portal.accounts.models import User
from portal.accounts.tasks import send_account_email_task
from tests.accounts.counting_hasher import CountingHasher
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"
# The new path writes four rows (the user, its Patient role, its address, the role's audit
# event) with the reads and savepoints around them: 16 more statements here, each cheap
# and indexed, against the one password hash (hundreds of ms) both paths now pay.
QUERY_SLACK = 20


@dataclass(frozen=True)
class Work:
    hashes: int
    queued: list[str]
    sent_in_request: int
    queries: int
    status: int
    location: str


@pytest.fixture
def counted(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.counting_hasher.CountingHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ACCOUNT_RATE_LIMITS = False


def _sign_up(client, email: str) -> Work:
    CountingHasher.calls = 0
    default_task_backend.clear()
    mail.outbox.clear()
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("account_signup"), data)
    return Work(
        hashes=CountingHasher.calls,
        queued=[result.task.name for result in default_task_backend.results],
        sent_in_request=len(mail.outbox),
        queries=len(queries),
        status=response.status_code,
        location=response.get("Location", ""),
    )


def test_known_and_new_addresses_hash_once_and_queue_one_email(counted, client_factory):
    """Both paths hash exactly one password, queue exactly one email and send none."""
    UserFactory(email="taken@example.test")
    known = _sign_up(client_factory(), "taken@example.test")
    new = _sign_up(client_factory(), "fresh@example.test")
    assert User.objects.filter(email="fresh@example.test").exists()
    assert known.hashes == new.hashes == 1
    assert known.queued == new.queued == [send_account_email_task.name]
    assert known.sent_in_request == new.sent_in_request == 0
    assert (known.status, known.location) == (new.status, new.location)


def test_known_and_new_addresses_make_about_the_same_queries(counted, client_factory):
    """The database work differs by a small, fixed number of cheap queries."""
    UserFactory(email="taken@example.test")
    known = _sign_up(client_factory(), "taken@example.test")
    new = _sign_up(client_factory(), "fresh@example.test")
    assert abs(known.queries - new.queries) <= QUERY_SLACK, (known.queries, new.queries)


def test_the_queued_emails_are_the_ones_allauth_rendered(counted, client_factory):
    """Running the queued task sends the verification email to a new address and the
    "you already have an account" email to a known one."""
    UserFactory(email="taken@example.test")
    for email, expected in (
        ("fresh@example.test", "/accounts/confirm-email/"),
        ("taken@example.test", "/accounts/password/reset/"),
    ):
        _sign_up(client_factory(), email)
        [result] = default_task_backend.results
        send_account_email_task.call(*result.args, **result.kwargs)
        [message] = mail.outbox
        assert message.to == [email]
        assert expected in message.body


def test_a_refused_sign_up_hashes_nothing_and_queues_nothing(counted, client):
    """Mismatched passwords are a form error on both paths: no hash, no email."""
    UserFactory(email="taken@example.test")
    for email in ("taken@example.test", "fresh@example.test"):
        CountingHasher.calls = 0
        default_task_backend.clear()
        data = {"email": email, "password1": PASSWORD, "password2": "different-one-1"}
        assert client.post(reverse("account_signup"), data).status_code == 200
        assert CountingHasher.calls == 0
        assert default_task_backend.results == []
