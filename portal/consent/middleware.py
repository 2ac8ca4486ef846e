from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from portal.consent.selectors import current_documents, documents_to_accept

SESSION_KEY = "consent_accepted_ids"


class ConsentRequiredMiddleware:
    """A logged-in person who has not accepted the current terms and privacy notice is
    asked to, before any page but logging out, the policies themselves and static files."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_accept(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('policy_accept')}?{query}")
        return self.get_response(request)

    def _must_accept(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._exempt(request.path_info):
            return False
        documents = current_documents()
        ids = sorted(document.pk for document in documents)
        if set(ids) <= set(request.session.get(SESSION_KEY, [])):
            return False
        if documents_to_accept(user=user, documents=documents):
            return True
        request.session[SESSION_KEY] = ids
        return False

    @staticmethod
    def _exempt(path: str) -> bool:
        prefixes = [
            reverse("account_logout"),
            "/policies/",
            settings.STATIC_URL,
            settings.MEDIA_URL,
            "/healthz",
        ]
        return any(path.startswith(prefix) for prefix in prefixes)
