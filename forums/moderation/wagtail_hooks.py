"""Moderators manage watched words, crisis phrases and the clinical on-call chain in the
Wagtail admin."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forums.moderation.models import ClinicalContact, CrisisPhrase, WatchedWord


class WatchedWordViewSet(SnippetViewSet):
    model = WatchedWord
    icon = "warning"
    menu_label = "Watched words"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["pattern", "action", "is_regex", "created_at"]
    list_filter = ["action"]
    search_fields = ["pattern"]


class CrisisPhraseViewSet(SnippetViewSet):
    model = CrisisPhrase
    icon = "help"
    menu_label = "Crisis phrases"
    menu_order = 311
    add_to_admin_menu = True
    list_display = ["phrase", "created_at"]


class ClinicalContactViewSet(SnippetViewSet):
    """The ordered chain that unacknowledged crisis alerts escalate along."""

    model = ClinicalContact
    icon = "user"
    menu_label = "Clinical on-call"
    menu_order = 312
    add_to_admin_menu = True
    list_display = ["name", "email", "order", "active", "user"]
    list_filter = ["active"]
    search_fields = ["name", "email"]
    ordering = ["order", "pk"]


register_snippet(WatchedWordViewSet)
register_snippet(CrisisPhraseViewSet)
register_snippet(ClinicalContactViewSet)
