from django import template
from django.utils.html import format_html

from portal.core.submissions import FIELD, submission_token_issue
from portal.screening.phi import phi_kind_label

register = template.Library()


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return str(value).startswith(prefix)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` for dict lookups with a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def phi_kind(kind: str) -> str:
    """A screening kind as a moderator reads it: ``{{ match.kind|phi_kind }}`` gives
    "NHS number" for ``nhs_number``."""
    return phi_kind_label(str(kind))


@register.filter
def phi_kinds_found(findings) -> str:
    """The kinds of personal information in a moderation item's findings (text and
    subject), labelled and without repeats: "NHS number, Phone number"."""
    if not hasattr(findings, "get"):
        return ""
    subject = findings.get("subject") or {}
    matches = [*(findings.get("phi") or []), *(subject.get("phi") or [])]
    kinds = dict.fromkeys(phi_kind_label(str(m.get("kind", ""))) for m in matches)
    return ", ".join(kind for kind in kinds if kind)


@register.simple_tag(takes_context=True)
def submission_token(context, purpose: str) -> str:
    """The hidden one-time token of a form that creates something (see
    ``portal.core.submissions``): ``{% submission_token "moderation.note" %}``."""
    token = submission_token_issue(user=context["request"].user, purpose=purpose)
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)
