"""Same-label override of machina's ``forum_attachments``: machina's models and migrations,
with uploads accepted by their content (not their name), size-capped, and images re-encoded
so that their metadata (GPS position, camera, dates) is never published."""
