"""load_demo_data: DEBUG only, idempotent, one documented account per role."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.home.models import HomePage

pytestmark = pytest.mark.django_db


def test_refuses_to_run_with_debug_off(settings):
    """Demo accounts have a published password, so production never gets them."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo_data")
    assert not User.objects.filter(email__endswith="@demo.test").exists()


def test_creates_one_account_per_role_and_is_safe_to_run_again(settings):
    """Running twice gives the same accounts, pages and no duplicate role events."""
    settings.DEBUG = True
    call_command("load_demo_data")
    call_command("load_demo_data")
    assert set(DEMO_ACCOUNTS) == {
        "patient@demo.test",
        "physician@demo.test",
        "moderator@demo.test",
        "editor@demo.test",
        "compliance@demo.test",
        "admin@demo.test",
        "mentor@demo.test",
    }
    for email, (role, _) in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert authenticate(email=email, password=DEMO_PASSWORD) == user
        assert not user.authenticator_set.exists(), "MFA must be left for the user to set up"
    assert HomePage.objects.live().count() == 1
    assert set(Role.values) == {role for role, _ in DEMO_ACCOUNTS.values()}


def test_home_page_is_served_with_featured_demo_content(client, settings):
    """After loading, the site root is the demo home page with its featured slots."""
    settings.DEBUG = True
    call_command("load_demo_data")
    response = client.get("/")
    assert response.status_code == 200
    assert b"(demo)" in response.content
    assert b"Education" in response.content and b"Physicians" in response.content


def test_demo_moderation_work_covers_every_kind(settings):
    """Held posts of each kind, two reports, one crisis item and one silenced member."""
    from forums.moderation.models import ItemKind, ModerationItem, Report, SanctionKind
    from forums.moderation.selectors import write_refusal

    settings.DEBUG = True
    call_command("load_demo_data")
    call_command("load_demo_data")
    kinds = set(ModerationItem.objects.values_list("kind", flat=True))
    assert kinds == set(ItemKind.values)
    assert ModerationItem.objects.filter(kind=ItemKind.CRISIS).count() == 1
    assert Report.objects.count() == 2
    silenced = User.objects.get(sanctions__kind=SanctionKind.SILENCE)
    assert "read-only" in write_refusal(silenced)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_task_the_demo_build_queues_runs_without_error(settings):
    """make run's worker starts with the tasks load_demo_data queued: none may name a page the
    build then deleted (Wagtail's placeholder home page), or its first batch logs tracebacks."""
    settings.DEBUG = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    call_command("load_demo_data")
    queued = list(default_task_backend.results)
    assert queued, "the demo build queues search-index tasks for the worker"
    failures = []
    for result in queued:
        try:
            result.task.func(*result.args, **result.kwargs)
        except Exception as error:
            failures.append(f"{result.task.name}{tuple(result.args)}: {error!r}")
    assert not failures, "\n".join(failures)
