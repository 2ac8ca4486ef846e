# machina looks this module up by its label (forum_attachments.cache): re-export machina's.
from machina.apps.forum_conversation.forum_attachments.cache import cache  # noqa: F401
