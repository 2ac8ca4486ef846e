from django.conf import settings
from django.conf.urls.static import static
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal.core import views as core_views
from search import views as search_views


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's admin login goes through allauth: one login path, throttled, with MFA."""
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("search/", search_views.search, name="search"),
    path("groups/", include("forums.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.PORTAL_BENCH_BASELINE:
    urlpatterns.append(path("_bench/baseline", core_views.bench_baseline))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
