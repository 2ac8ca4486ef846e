"""Account deletion (with a grace period and undo) and the personal-data download."""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounthub.models import DeletionRequest, DeletionStatus
from accounthub.selectors import deletion_refusal, pending_deletion
from portal.accounts.personal_data import personal_data_erase, personal_data_providers
from portal.audit.services import audit_record
from portal.notifications.services import notify

logger = logging.getLogger(__name__)


class AccountError(ValueError):
    pass


def _notify_on_commit(*, user: Any, subject: str, lines: list[str], link_path: str) -> None:
    transaction.on_commit(
        lambda: notify(
            user=user,
            kind="account",
            subject=subject,
            lines=lines,
            link_path=link_path,
            fail_silently=True,
        )
    )


@transaction.atomic
def deletion_request(*, user: Any, password: str, now=None) -> DeletionRequest:
    """Ask to delete the account: the password again, no staff role. The data stays for
    ``PORTAL_ACCOUNT_DELETION_GRACE_DAYS`` during which the person can undo it."""
    refusal = deletion_refusal(user=user)
    if refusal:
        raise AccountError(refusal)
    if not password or not user.check_password(password):
        raise AccountError("That is not your current password.")
    existing = pending_deletion(user=user)
    if existing is not None:
        return existing
    now = now or timezone.now()
    request = DeletionRequest.objects.create(
        user=user,
        requested_at=now,
        due_at=now + timedelta(days=settings.PORTAL_ACCOUNT_DELETION_GRACE_DAYS),
    )
    audit_record(
        action="account.deletion_requested",
        actor=user,
        target=user,
        target_label=f"user {user.pk}",
        data={"due_at": request.due_at.isoformat()},
    )
    when = date_format(timezone.localtime(request.due_at), "DATE_FORMAT")
    _notify_on_commit(
        user=user,
        subject="Your account will be deleted",
        lines=[
            f"You asked us to delete your account. It will be deleted on {when}.",
            "Until then you can log in and undo this from your account page.",
            "If this was not you, log in now, undo it and change your password.",
        ],
        link_path=reverse("accounthub_delete"),
    )
    return request


@transaction.atomic
def deletion_cancel(*, user: Any) -> bool:
    """Undo a pending deletion; returns False when none was pending."""
    request = pending_deletion(user=user)
    if request is None:
        return False
    request.status = DeletionStatus.CANCELLED
    request.cancelled_at = timezone.now()
    request.save(update_fields=["status", "cancelled_at"])
    audit_record(
        action="account.deletion_cancelled", actor=user, target=user, target_label=f"user {user.pk}"
    )
    _notify_on_commit(
        user=user,
        subject="Your account will not be deleted",
        lines=["You undid the deletion of your account. Nothing was removed."],
        link_path=reverse("accounthub_index"),
    )
    return True


def deletion_sweep(*, now=None) -> int:
    """Delete the accounts whose grace period has ended; returns how many. Safe to run
    again: completed requests are never touched twice."""
    now = now or timezone.now()
    due = DeletionRequest.objects.filter(status=DeletionStatus.PENDING, due_at__lte=now)
    done = 0
    for request_id in due.values_list("pk", flat=True):
        done += _delete_one(request_id, now=now)
    return done


@transaction.atomic
def _delete_one(request_id: int, *, now) -> int:
    request = (
        DeletionRequest.objects.select_for_update()
        .select_related("user")
        .filter(pk=request_id, status=DeletionStatus.PENDING)
        .first()
    )
    if request is None:
        return 0
    user = request.user
    if deletion_refusal(user=user):  # became staff during the grace period
        request.status = DeletionStatus.CANCELLED
        request.cancelled_at = now
        request.save(update_fields=["status", "cancelled_at"])
        audit_record(action="account.deletion_refused", actor=None, target=user)
        return 0
    notify(
        user=user,
        kind="account",
        subject="Your account has been deleted",
        lines=[
            "Your account and the personal data it held have been deleted, as you asked.",
            "Your posts stay in their conversations under the name Former member.",
        ],
        fail_silently=True,
    )
    sections = personal_data_erase(user=user)
    request.status = DeletionStatus.COMPLETED
    request.completed_at = now
    request.save(update_fields=["status", "completed_at"])
    audit_record(
        action="account.deleted",
        actor=None,
        target=user,
        target_label=f"user {user.pk}",
        data={"requested_at": request.requested_at.isoformat(), "erased": sections},
    )
    return 1


# --- Download my data ------------------------------------------------------------------

EXPORT_README = """Your data from the patient portal
================================

Each JSON file is one part of what the portal holds about you:
{sections}

Times are in UTC (ISO 8601). Downloaded on {when}.
"""


class _Sink:
    """A write-only buffer the ZIP writer fills and the response drains (no seeking)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def data_export_stream(*, user: Any) -> Iterator[bytes]:
    """A ZIP of one JSON file per registered section, produced section by section."""
    sink = _Sink()
    providers = personal_data_providers()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = EXPORT_README.format(
            sections="\n".join(f"- {p.section}.json" for p in providers),
            when=timezone.now().isoformat(timespec="seconds"),
        )
        archive.writestr("README.txt", readme)
        for provider in providers:
            data = provider.export(user=user)
            archive.writestr(
                f"{provider.section}.json",
                json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            )
            yield sink.drain()
    yield sink.drain()


def data_export_record(*, user: Any) -> None:
    """Audit a data download and tell the person by email (someone else might have)."""
    audit_record(
        action="account.data_exported",
        actor=user,
        target=user,
        target_label=f"user {user.pk}",
        data={"sections": [p.section for p in personal_data_providers()]},
    )
    _notify_on_commit(
        user=user,
        subject="Your data was downloaded",
        lines=[
            "A copy of your data was downloaded from your account just now.",
            "If this was not you, change your password and contact us.",
        ],
        link_path=reverse("accounthub_index"),
    )
