"""Moderators manage watched words and crisis phrases in the Wagtail admin."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forums.moderation.models import CrisisPhrase, WatchedWord


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


register_snippet(WatchedWordViewSet)
register_snippet(CrisisPhraseViewSet)
