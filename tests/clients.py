"""A test client whose ``force_login`` leaves the session allauth's login would leave.

Staff privileges need a session that authenticated with a second factor (allauth records
each step under ``account_authentication_methods``). ``force_login`` stands for a completed
login: a password step, then the MFA step when the account has a TOTP authenticator.
``force_login_password_only`` is a login that stopped short of MFA (or had none to use).
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.test import Client


class LoginClient(Client):
    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        steps = [("password", {})]
        if totp is not None:
            steps.append(("mfa", {"id": totp.pk, "type": totp.type}))
        self._record(user, steps)

    def force_login_password_only(self, user, backend=None) -> None:
        super().force_login(user, backend)
        self._record(user, [("password", {})])

    def _record(self, user, steps) -> None:
        request = HttpRequest()
        request.session = self.session
        for method, data in steps:
            record_authentication(request, user, method, **data)
        request.session.save()
