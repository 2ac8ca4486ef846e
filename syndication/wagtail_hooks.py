from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from syndication import views
from syndication.gates import source_problems
from syndication.models import Channel
from syndication.selectors import awaiting_approval_count
from syndication.text import parse_tracking


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "site"
    menu_label = "Channels"
    add_to_admin_menu = False
    list_display = ["name", "platform", "account_name", "enabled", "max_posts_per_hour"]
    list_filter = ["platform", "enabled"]


register_snippet(ChannelViewSet)


@hooks.register("register_admin_urls")
def register_syndication_urls():
    return [
        path("syndication/", views.queue_view, name="syndication_queue"),
        path("syndication/compose/", views.compose_start, name="syndication_compose_start"),
        path("syndication/compose/<int:page_id>/", views.compose, name="syndication_compose"),
        path("syndication/live-check/", views.live_check, name="syndication_live_check"),
        path("syndication/export.csv", views.range_csv, name="syndication_export"),
        path("syndication/<int:post_id>/", views.detail, name="syndication_post"),
        path("syndication/<int:post_id>/edit/", views.edit, name="syndication_edit"),
        path("syndication/<int:post_id>/submit/", views.submit, name="syndication_submit"),
        path("syndication/<int:post_id>/cancel/", views.cancel, name="syndication_cancel"),
        path(
            "syndication/<int:post_id>/approve-all/",
            views.approve_all,
            name="syndication_approve_all",
        ),
        path(
            "syndication/<int:post_id>/history.csv",
            views.post_history_csv,
            name="syndication_history_csv",
        ),
        path(
            "syndication/delivery/<int:delivery_id>/decide/",
            views.decide,
            name="syndication_decide",
        ),
        path(
            "syndication/delivery/<int:delivery_id>/reconcile/",
            views.reconcile,
            name="syndication_reconcile",
        ),
        path(
            "syndication/delivery/<int:delivery_id>/retry/", views.retry, name="syndication_retry"
        ),
        path(
            "syndication/delivery/<int:delivery_id>/remove/",
            views.remove,
            name="syndication_remove",
        ),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_syndication_menu():
    menu = Menu(
        items=[
            PermissionMenuItem(
                "Compose",
                reverse("syndication_compose_start"),
                icon_name="edit",
                permission="syndication.add_syndicationpost",
            ),
            PermissionMenuItem(
                "Queue",
                reverse("syndication_queue"),
                icon_name="list-ul",
                permission="syndication.view_syndicationpost",
            ),
            PermissionMenuItem(
                "Channels",
                reverse("wagtailsnippets_syndication_channel:list"),
                icon_name="site",
                permission="syndication.view_channel",
            ),
        ]
    )
    return SubmenuMenuItem("Syndication", menu, icon_name="mail", order=350)


def _may_syndicate(user, page) -> bool:
    return user.has_perm("syndication.add_syndicationpost") and not source_problems(page)


class SyndicateMenuItem(ActionMenuItem):
    label = "Syndicate"
    name = "action-syndicate"
    icon_name = "mail"
    order = 900

    def is_shown(self, context) -> bool:
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and page is not None
            and _may_syndicate(context["request"].user, page)
        )

    def get_url(self, context) -> str:
        return reverse("syndication_compose", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_syndicate_action():
    return SyndicateMenuItem()


@hooks.register("register_page_listing_more_buttons")
def syndicate_listing_button(page, user, next_url=None, **kwargs):
    if _may_syndicate(user, page):
        yield ListingButton(
            "Syndicate", reverse("syndication_compose", args=[page.pk]), priority=90
        )


class SocialPostsPanel(Component):
    """Dashboard: compose a social post; for reviewers, how many await approval."""

    name = "syndication_social_posts"
    template_name = "syndication/admin/dashboard_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "may_compose": request.user.has_perm("syndication.add_syndicationpost"),
            "may_approve": request.user.has_perm("syndication.approve_syndicationpost"),
            "awaiting": awaiting_approval_count(),
        }


@hooks.register("construct_homepage_panels")
def add_social_posts_panel(request, panels) -> None:
    if request.user.has_perm("syndication.view_syndicationpost"):
        panels.append(SocialPostsPanel())


@hooks.register("before_serve_page")
def count_syndication_click(page, request, serve_args, serve_kwargs):
    """A visit arriving from one of our social posts: one UPDATE, counts only."""
    from django.db.models import F

    from syndication.models import Delivery

    if request.method != "GET":
        return None
    tracking = parse_tracking(request.GET)
    if tracking is not None:
        post_id, channel_id = tracking
        Delivery.objects.filter(
            post_id=post_id, channel_id=channel_id, post__source_page_id=page.pk
        ).update(clicks=F("clicks") + 1)
    return None
