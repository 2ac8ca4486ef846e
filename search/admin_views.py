"""Editors' reports in the Wagtail admin (Reports menu): top searches and content gaps."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from search.selectors_reports import REPORT_DAYS, top_queries, zero_result_queries

REPORT_PERMISSION = "portal_search.view_search_reports"


class SearchReportView(ReportView):
    header_icon = "search"
    list_export = ["query", "total_searches", "zero_results", "last_searched"]
    export_headings = {
        "query": "Query",
        "total_searches": "Searches",
        "zero_results": "Searches with no results",
        "last_searched": "Last searched",
    }
    columns = [
        Column("query", label="Query"),
        Column("total_searches", label="Searches"),
        Column("zero_results", label="With no results"),
        Column("last_searched", label="Last searched"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TopQueriesView(SearchReportView):
    page_title = f"Top searches (last {REPORT_DAYS} days)"
    index_url_name = "search_report_top"
    index_results_url_name = "search_report_top_results"

    def get_queryset(self):
        return top_queries()


class ZeroResultQueriesView(SearchReportView):
    page_title = f"Searches with no results (last {REPORT_DAYS} days)"
    index_url_name = "search_report_zero"
    index_results_url_name = "search_report_zero_results"

    def get_queryset(self):
        return zero_result_queries()
