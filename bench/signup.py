"""Sign-up timing for an address that has an account against one that does not (issue 13,
point 8): the median of N sign-ups each, interleaved, and their ratio. Runs in-process on a
throw-away test database with production's password hashers and the database task queue
(the emails wait in the queue, as they do for a visitor), so no server is needed."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

DEFAULT_REQUESTS = 15
WARMUP = 2
# Both paths hash one password and queue one email; what is left is a few database writes.
# Outside these bounds the ratio gives an account's existence away.
TOLERANCE = (0.8, 1.25)
PASSWORD = "a-long-and-unusual-passphrase-42"  # noqa: S105 (a throw-away test database)
KNOWN = "bench-known@example.test"


@dataclass(frozen=True)
class SignupTiming:
    requests: int
    known_ms: float
    unknown_ms: float

    @property
    def ratio(self) -> float:
        """Unknown over known: 1.0 when the two paths take the same time."""
        return self.unknown_ms / self.known_ms if self.known_ms > 0 else float("inf")

    @property
    def within_tolerance(self) -> bool:
        low, high = TOLERANCE
        return low <= self.ratio <= high


def _sign_up_ms(client, email: str) -> float:
    from django.urls import reverse

    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    start = time.perf_counter()
    response = client.post(reverse("account_signup"), data)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 302:
        raise RuntimeError(f"sign-up for {email} answered {response.status_code}, expected 302")
    return elapsed


def measure(requests: int = DEFAULT_REQUESTS) -> SignupTiming:
    """Interleaved sign-ups (known, unknown, known, ...) after a warm-up of each."""
    from django.test import Client

    from portal.accounts.models import User

    User.objects.create_user(email=KNOWN, password=PASSWORD)
    known, unknown = [], []
    for index in range(WARMUP + requests):
        known_ms = _sign_up_ms(Client(), KNOWN)
        unknown_ms = _sign_up_ms(Client(), f"bench-new-{index}@example.test")
        if index >= WARMUP:
            known.append(known_ms)
            unknown.append(unknown_ms)
    return SignupTiming(
        requests=requests, known_ms=statistics.median(known), unknown_ms=statistics.median(unknown)
    )


def format_timing(timing: SignupTiming) -> str:
    low, high = TOLERANCE
    verdict = "ok" if timing.within_tolerance else "DIFFERENT: the timing reveals accounts"
    return "\n".join(
        [
            f"Sign-up, median of {timing.requests} each (interleaved, after {WARMUP} warm-up)",
            f"{'known address':20} {timing.known_ms:8.1f} ms",
            f"{'unknown address':20} {timing.unknown_ms:8.1f} ms",
            f"{'ratio unknown/known':20} {timing.ratio:8.2f}    "
            f"(tolerance {low:g}-{high:g}) {verdict}",
        ]
    )


def main(requests: int = DEFAULT_REQUESTS) -> int:
    """Print the medians; 0 when their ratio is within the tolerance."""
    import os

    import django
    from django.conf import global_settings
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    production_like = override_settings(
        PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS,  # production's (PBKDF2)
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ACCOUNT_RATE_LIMITS=False,
    )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with production_like:
            timing = measure(requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(format_timing(timing))
    return 0 if timing.within_tolerance else 1
