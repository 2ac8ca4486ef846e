from __future__ import annotations

import os

from django.http import HttpResponse
from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as MachinaAttachmentView,
)

from forums.uploads import sniff


class AttachmentView(MachinaAttachmentView):
    """Served only after machina's permission check (404 for private groups); the type comes
    from the file's content, and it always downloads rather than renders in the page."""

    def render_to_response(self, context, **response_kwargs):
        stored = self.object.file
        stored.open("rb")
        data = stored.read()
        stored.close()
        kind = sniff(data[:16])
        content_type = kind[0] if kind else "application/octet-stream"
        response = HttpResponse(data, content_type=content_type)
        filename = os.path.basename(stored.name).replace('"', "")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
