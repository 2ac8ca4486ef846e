"""Security events into the audit log (signals connect the auth systems to the log)."""

from __future__ import annotations

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from portal.accounts.models import User
from portal.audit.services import audit_record


@receiver(auth_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_record(action="auth.login", actor=user, target=user, request=request)


@receiver(auth_signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(action="auth.logout", actor=user, target=user, request=request)


@receiver(auth_signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = str(credentials.get("email") or credentials.get("username") or "")
    target = User.objects.filter(email__iexact=login).first() if login else None
    audit_record(
        action="auth.login_failed",
        actor=None,
        target=target,
        data={"login": login[:254]},
        request=request,
    )


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    _mfa_event("mfa.added", request, user, authenticator)


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    _mfa_event("mfa.removed", request, user, authenticator)


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs) -> None:
    _mfa_event("mfa.reset", request, user, authenticator)


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, **kwargs) -> None:
    audit_record(action="auth.mfa_failed", actor=None, target=user, request=request)


def _mfa_event(action: str, request, user, authenticator) -> None:
    audit_record(
        action=action,
        actor=user,
        target=user,
        data={"type": authenticator.type},
        request=request,
    )


@receiver(account_signals.password_changed)
def _password_changed(sender, request, user, **kwargs) -> None:
    audit_record(action="auth.password_changed", actor=user, target=user, request=request)


@receiver(account_signals.password_reset)
def _password_reset(sender, request, user, **kwargs) -> None:
    audit_record(action="auth.password_reset", actor=user, target=user, request=request)


@receiver(account_signals.email_changed)
def _email_changed(sender, request, user, from_email_address, to_email_address, **kwargs) -> None:
    audit_record(
        action="auth.email_changed",
        actor=user,
        target=user,
        data={
            "from": getattr(from_email_address, "email", ""),
            "to": getattr(to_email_address, "email", ""),
        },
        request=request,
    )


@receiver(m2m_changed, sender=User.groups.through)
def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """One ``role.granted`` / ``role.revoked`` event per user and role actually changed."""
    if action == "pre_clear":
        _record_clear(instance, reverse)
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    verb = "role.granted" if action == "post_add" else "role.revoked"
    if reverse:  # group.user_set.add(...)
        for user in User.objects.filter(pk__in=pk_set):
            _role_event(verb, user, instance)
    else:
        for group in Group.objects.filter(pk__in=pk_set):
            _role_event(verb, instance, group)


def _record_clear(instance, reverse: bool) -> None:
    if reverse:
        for user in instance.user_set.all():
            _role_event("role.revoked", user, instance)
    else:
        for group in instance.groups.all():
            _role_event("role.revoked", instance, group)


def _role_event(action: str, user: User, group: Group) -> None:
    audit_record(action=action, target=user, data={"role": group.name})
