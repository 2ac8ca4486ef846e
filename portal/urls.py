from django.conf import settings
from django.conf.urls.static import static
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.models import Page

from portal.accounts import mfa_views
from portal.core import views as core_views


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's admin login goes through allauth: one login path, throttled, with MFA.
    Someone already logged in without admin access is sent home, not round in a loop."""
    if request.user.is_authenticated:
        messages.error(request, "Your account does not have access to the staff admin.")
        return HttpResponseRedirect("/")
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


_confirm_workflow_cancellation = page_viewset_registry.as_view(
    "confirm_workflow_cancellation", page_id_kwarg="page_id"
)


def confirm_workflow_cancellation(request: HttpRequest, page_id: int):
    """Wagtail serves this dialog to anyone with admin access; only editors of the page."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not request.user.is_authenticated or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _confirm_workflow_cancellation(request, page_id=page_id)


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path(
        "admin/pages/workflow/confirm_cancellation/<int:page_id>/",
        confirm_workflow_cancellation,
        name="guarded_confirm_workflow_cancellation",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # MFA set-up that keeps ``next`` (before allauth's own patterns, same names).
    path("accounts/2fa/totp/activate/", mfa_views.activate_totp, name="mfa_activate_totp"),
    path(
        "accounts/2fa/recovery-codes/",
        mfa_views.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounthub.urls")),
    path("policies/", include("portal.consent.urls")),
    path("search/", include("search.urls")),
    path("groups/", include("forums.urls")),
    path("education/", include("education.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.PORTAL_BENCH_BASELINE:
    urlpatterns.append(path("_bench/baseline", core_views.bench_baseline))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
