from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.admin_views import REPORT_PERMISSION, TopQueriesView, ZeroResultQueriesView
from search.models import Promotion


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path("reports/search/", TopQueriesView.as_view(), name="search_report_top"),
        path(
            "reports/search/results/",
            TopQueriesView.as_view(results_only=True),
            name="search_report_top_results",
        ),
        path(
            "reports/search/no-results/",
            ZeroResultQueriesView.as_view(),
            name="search_report_zero",
        ),
        path(
            "reports/search/no-results/results/",
            ZeroResultQueriesView.as_view(results_only=True),
            name="search_report_zero_results",
        ),
    ]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_top_searches_menu_item():
    return SearchReportMenuItem(
        "Top searches", reverse("search_report_top"), icon_name="search", order=900
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_menu_item():
    return SearchReportMenuItem(
        "Searches with no results", reverse("search_report_zero"), icon_name="search", order=901
    )


class PromotionViewSet(SnippetViewSet):
    """Editors' picks: a page shown above the results for a query."""

    model = Promotion
    icon = "pick"
    menu_label = "Promoted search results"
    menu_name = "promoted-search-results"
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["query", "page", "sort_order"]


register_snippet(PromotionViewSet)
