from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forums.display_names import skeleton, validate_display_name
from forums.models import MemberProfile
from forums.selectors import protected_display_names
from portal.audit.services import audit_record


@transaction.atomic
def member_display_name_set(*, user, display_name: str) -> MemberProfile:
    """Choose or change the member's pseudonym (validated, unique by look-alike key)."""
    cleaned = validate_display_name(display_name, protected_names=protected_display_names())
    key = skeleton(cleaned)
    others = MemberProfile.objects.exclude(user=user).values_list("display_name", flat=True)
    if any(skeleton(other) == key for other in others):
        raise ValidationError("That name is taken (or looks like one that is).", code="taken")
    try:
        profile, _ = MemberProfile.objects.update_or_create(
            user=user, defaults={"display_name": cleaned}
        )
    except IntegrityError as exc:
        raise ValidationError("That name is taken.", code="taken") from exc
    audit_record(action="groups.display_name_set", actor=user, target=user)
    return profile
