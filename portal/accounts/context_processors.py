from __future__ import annotations

from django.http import HttpRequest

from portal.accounts.privileges import user_has_mfa


def staff_mfa(request: HttpRequest) -> dict[str, str]:
    """``staff_mfa_pending``: "setup" or "confirm" while a staff account's privileges wait for
    a second factor (the base template says so and links to the step), else ""."""
    user = getattr(request, "user", None)
    on_account_pages = request.path_info.startswith("/accounts/")  # the MFA steps themselves
    if user is None or on_account_pages or not user.is_authenticated:
        return {"staff_mfa_pending": ""}
    if user.staff_privileges_active():
        return {"staff_mfa_pending": ""}
    return {"staff_mfa_pending": "confirm" if user_has_mfa(user=user) else "setup"}
