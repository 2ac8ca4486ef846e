from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.roles import STAFF_ROLES


def protected_display_names() -> list[str]:
    """Names members may not imitate: staff and physicians' names and profile names."""
    from forums.models import MemberProfile
    from physicians.models import PhysicianProfilePage

    staff = User.objects.filter(groups__name__in=STAFF_ROLES).distinct()
    names: set[str] = set()
    for first, last in staff.values_list("first_name", "last_name"):
        full = f"{first} {last}".replace("(demo)", "").strip()
        if len(full.replace(" ", "")) >= 4:
            names.add(full)
    names.update(PhysicianProfilePage.objects.values_list("title", flat=True))
    names.update(
        MemberProfile.objects.filter(user__in=staff).values_list("display_name", flat=True)
    )
    return sorted(names)
