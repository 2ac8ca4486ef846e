from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse
from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as MachinaAttachmentView,
)

from forums.uploads import sniff


class AttachmentView(MachinaAttachmentView):
    """Served only after machina's permission check (404 for private groups), streamed from
    the private storage (or handed to the web server by X-Accel-Redirect when
    PORTAL_PRIVATE_MEDIA_ACCEL_PREFIX is set). The type comes from the file's content, it
    always downloads, and its name is neutral (the stored name is random)."""

    def render_to_response(self, context, **response_kwargs):
        stored = self.object.file
        with stored.open("rb") as handle:
            kind = sniff(handle.read(16))
        content_type, extension = (kind[0], kind[2]) if kind else ("application/octet-stream", "")
        filename = f"attachment-{self.object.pk}{extension}"
        prefix = settings.PORTAL_PRIVATE_MEDIA_ACCEL_PREFIX
        if prefix:
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{stored.name}"
        else:
            response = FileResponse(stored.open("rb"), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
