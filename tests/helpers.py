"""Small assertions shared by tests."""

from __future__ import annotations

import re
import threading
import time

from django.contrib.messages import get_messages
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import User
from portal.core.submissions import FIELD, submission_token_issue


def assert_denied(response) -> None:
    """Refused: a 403, or Wagtail admin's redirect to the dashboard with a permission error."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/", response["Location"]
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("permission" in text.lower() for text in texts), texts


def count_queries(client, url: str, expected_status: int = 200) -> int:
    """SQL queries of one GET of ``url`` in steady state (after a warm-up request that fills
    per-process caches such as content types and site root paths)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == expected_status, (url, response.status_code)
    return len(captured)


def form_token(client, purpose: str) -> dict[str, str]:
    """The one-time form token the logged-in client's form page would carry, as POST data."""
    user_id = client.session.get("_auth_user_id")
    user = User.objects.get(pk=user_id) if user_id else None
    return {FIELD: submission_token_issue(user=user, purpose=purpose)}


def rendered_token(html: str) -> dict[str, str]:
    """The one-time form token in a rendered form page, as POST data."""
    match = re.search(rf'name="{FIELD}" value="([^"]+)"', html)
    assert match, "the form page has no one-time submission token"
    return {FIELD: match.group(1)}


def racing_clients(client_factory, user, count: int) -> list:
    """``count`` test clients signed in as the same ``user`` (one browser tab each), for
    ``post_together``."""
    clients = [client_factory() for _ in range(count)]
    for racer in clients:
        racer.force_login(user)
    return clients


def post_together(clients: list, url: str, data: dict) -> list:
    """POST the same data from every client at once, one thread and database connection
    each; the responses (or the exceptions raised) in order."""
    barrier = threading.Barrier(len(clients))
    results: list = [None] * len(clients)

    def run(index: int, client) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = _post_resending_on_shared_cache_lock(client, url, data)
        except Exception as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


# The SQLite test database is in memory with a shared cache, where a query that meets another
# connection's table lock fails at once ("database table is locked") instead of waiting out
# the busy timeout a file database has (make run, production). Outside the submission's own
# transaction (which waits, see portal.core.submissions) such a query can fail in middleware
# (the session). That request is sent again, as a browser's retry would: the same token, so
# the resend is one more duplicate submit for the service to absorb, never a way around it.
SHARED_CACHE_LOCK_RESENDS = 5


def _post_resending_on_shared_cache_lock(client, url: str, data: dict):
    for attempt in range(SHARED_CACHE_LOCK_RESENDS + 1):
        try:
            return client.post(url, data)
        except OperationalError as error:
            shared_cache_lock = connection.vendor == "sqlite" and "locked" in str(error)
            if not shared_cache_lock or attempt == SHARED_CACHE_LOCK_RESENDS:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def assert_no_server_errors(results: list) -> None:
    problems = [r for r in results if isinstance(r, Exception) or r.status_code >= 500]
    assert not problems, problems
