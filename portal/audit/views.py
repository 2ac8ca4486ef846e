from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from portal.audit.forms import AuditFilterForm
from portal.audit.selectors import audit_csv_rows, audit_events
from portal.audit.services import audit_record

EVENTS_PER_PAGE = 50


@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_events(**form.filters()) if form.is_valid() else audit_events()
    page = Paginator(events.select_related(None), EVENTS_PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    context = {"form": form, "page_obj": page, "filter_query": query.urlencode()}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return TemplateResponse(request, "audit/admin/event_list.html", context, status=status)


@permission_required("audit.export_auditevent", raise_exception=True)
def export_csv(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    filters = form.filters() if form.is_bound else {}
    events = audit_events(**filters).order_by("occurred_at", "id")
    audit_record(action="audit.exported", data={k: str(v) for k, v in filters.items() if v})
    rows = audit_csv_rows(events[: settings.PORTAL_AUDIT_CSV_MAX_ROWS].iterator(chunk_size=2000))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
