"""Moderators manage watched words, crisis phrases, the clinical on-call chain and message
templates in the Wagtail admin; only those allowed to (administrators) approve a template."""

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forums.moderation.forms import MessageTemplateAdminForm
from forums.moderation.models import ClinicalContact, CrisisPhrase, MessageTemplate, WatchedWord


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


class MessageTemplateViewSet(SnippetViewSet):
    model = MessageTemplate
    icon = "mail"
    menu_label = "Message templates"
    menu_order = 313
    add_to_admin_menu = True
    list_display = ["name", "purpose", "language", "approved_at", "approved_by"]
    list_filter = ["purpose", "language"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("purpose"),
            FieldPanel("language"),
            FieldPanel("subject"),
            FieldPanel("body"),
            FieldPanel("approve"),
        ],
        base_form_class=MessageTemplateAdminForm,
    )


register_snippet(WatchedWordViewSet)
register_snippet(MessageTemplateViewSet)
register_snippet(CrisisPhraseViewSet)
register_snippet(ClinicalContactViewSet)
