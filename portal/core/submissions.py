"""One submission, one result.

Every form that creates something carries a one-time token (signed: it names the member and
the form's purpose, and expires). The view claims the token in the same transaction as the
create: the first claim inserts a row under a unique constraint and, once the view has
answered with a redirect, records where it led. A second submit with the same token (a
double click, a retry, fifty racing requests) finds the row and is sent to that same
result: nothing is created twice. A form that is re-shown (an error, a preview) releases
its claim, so the member can send it again. A missing, forged or expired token is a form
error; the form comes back with what the member typed and a fresh token.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, OperationalError, transaction
from django.forms.boundfield import BoundField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from portal.core.models import SubmissionToken

FIELD = "submission_token"
SALT = "portal.core.submissions"
REFUSED_MESSAGE = (
    "This form was open too long or could not be checked, so nothing was sent. Your text is "
    "kept below: please send it again."
)
REPEAT_MESSAGE = "You had already sent this form, so it was not sent again. Here is the result."
BUSY_MESSAGE = "This form is being sent. Please check in a moment whether it went through."
LOCK_WAIT_SECONDS = 20  # as long as SQLite's own busy timeout (settings.DATABASES)


def max_age() -> timedelta:
    return timedelta(hours=settings.PORTAL_SUBMISSION_TOKEN_HOURS)


def _user_pk(user) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def submission_token_issue(*, user, purpose: str) -> str:
    """A fresh one-time token for one form of ``purpose`` shown to ``user``."""
    nonce = secrets.token_urlsafe(24)
    return signing.dumps({"u": _user_pk(user), "p": purpose, "n": nonce}, salt=SALT)


def submission_nonce(*, token: str, user, purpose: str) -> str | None:
    """The token's nonce when it is genuine, unexpired, this member's and for this form."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=max_age())
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != _user_pk(user) or data.get("p") != purpose:
        return None
    nonce = data.get("n")
    return nonce if isinstance(nonce, str) and 0 < len(nonce) <= 64 else None


class ClaimStatus(Enum):
    FIRST = "first"
    REPEAT = "repeat"
    REFUSED = "refused"
    BUSY = "busy"


@dataclass
class Claim:
    status: ClaimStatus
    row: SubmissionToken | None = None

    def settle(self, response: HttpResponse) -> None:
        """Keep the claim with where a successful submit (a redirect) led; release it when
        the form was re-shown, so the same token can be sent again."""
        if self.status is not ClaimStatus.FIRST or self.row is None:
            return
        if response.status_code in (301, 302, 303) and response.get("Location"):
            self.row.result_url = response["Location"][:500]
            self.row.save(update_fields=["result_url"])
        else:
            self.row.delete()

    def replay(self, request: HttpRequest, fallback: str = "/") -> HttpResponse:
        """The answer to a repeated submit: the first submit's result, never a copy."""
        if self.status is ClaimStatus.BUSY:
            messages.info(request, BUSY_MESSAGE)
        else:
            messages.info(request, REPEAT_MESSAGE)
        target = self.row.result_url if self.row is not None and self.row.result_url else fallback
        return HttpResponseRedirect(target)


def submission_claim(*, token: str, user, purpose: str) -> Claim:
    """Claim a submission's token; call inside the transaction that creates the result."""
    nonce = submission_nonce(token=token, user=user, purpose=purpose)
    if nonce is None:
        return Claim(ClaimStatus.REFUSED)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while time.monotonic() <= deadline:
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(
                    nonce=nonce, user_id=_user_pk(user), purpose=purpose
                )
            return Claim(ClaimStatus.FIRST, row)
        except IntegrityError:
            return Claim(ClaimStatus.REPEAT, SubmissionToken.objects.filter(nonce=nonce).first())
        except OperationalError as error:
            if not _locked(error):  # see _begin
                raise
            _pause()
    return Claim(ClaimStatus.BUSY)


def _locked(error: OperationalError) -> bool:
    return "locked" in str(error)


def _pause() -> None:
    time.sleep(0.01 + secrets.randbelow(40) / 1000)


def _begin(stack: ExitStack) -> None:
    """Open the submission's transaction. SQLite's shared-cache (test) databases refuse a
    second writer at once instead of waiting: wait a little and try again."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            stack.enter_context(transaction.atomic())
            return
        except OperationalError as error:
            if not _locked(error) or time.monotonic() > deadline:
                raise
            _pause()


def once_per_submission(
    purpose: str,
    *,
    refused: Callable[..., HttpResponse] | None = None,
    fallback: str = "/",
):
    """Make a POST view idempotent per submission. ``refused`` answers a missing or bad
    token for views without a form to show the error in (default: the view runs and its
    ``SubmissionTokenMixin`` form reports it)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            token = request.POST.get(FIELD, "")
            with ExitStack() as stack:
                _begin(stack)
                claim = submission_claim(token=token, user=request.user, purpose=purpose)
                if claim.status in (ClaimStatus.REPEAT, ClaimStatus.BUSY):
                    return claim.replay(request, fallback)
                if claim.status is ClaimStatus.REFUSED and refused is not None:
                    messages.error(request, REFUSED_MESSAGE)
                    return refused(request, *args, **kwargs)
                response = view(request, *args, **kwargs)
                claim.settle(response)
            return response

        return wrapped

    return decorator


class OncePerSubmissionViewMixin:
    """``once_per_submission`` for class-based views (machina's create views): the whole
    POST, its permission checks included, runs in the submission's transaction."""

    submission_purpose = ""

    def dispatch(self, request, *args, **kwargs):
        view = once_per_submission(self.submission_purpose)(super().dispatch)
        return view(request, *args, **kwargs)


class _TokenBoundField(BoundField):
    def value(self):
        fresh = getattr(self.form, "submission_fresh_token", "")
        return fresh or super().value()


class SubmissionTokenField(forms.CharField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def get_bound_field(self, form, field_name):
        return _TokenBoundField(form, self, field_name)


class SubmissionTokenMixin:
    """A form's hidden one-time token. Set ``submission_purpose``; pass
    ``submission_user`` (machina's forms already know their ``user``)."""

    submission_purpose = ""
    submission_fresh_token = ""

    def __init__(self, *args, submission_user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if submission_user is not None:
            self.submission_user = submission_user
        elif not hasattr(self, "submission_user"):
            self.submission_user = getattr(self, "user", None)
        self.fields[FIELD] = SubmissionTokenField(
            initial=submission_token_issue(
                user=self.submission_user, purpose=self.submission_purpose
            )
        )

    def submission_required(self) -> bool:
        return True

    def clean(self):
        cleaned = super().clean()
        if not self.submission_required():
            return cleaned
        nonce = submission_nonce(
            token=self.data.get(FIELD, ""),
            user=self.submission_user,
            purpose=self.submission_purpose,
        )
        if nonce is None:
            self.submission_fresh_token = submission_token_issue(
                user=self.submission_user, purpose=self.submission_purpose
            )
            self.add_error(None, REFUSED_MESSAGE)
        return cleaned


def submission_tokens_expire(*, now=None) -> int:
    """Forget claims older than a token can live (a repeat then fails as expired)."""
    cutoff = (now or timezone.now()) - max_age() - timedelta(hours=1)
    deleted, _ = SubmissionToken.objects.filter(created__lt=cutoff).delete()
    return deleted
