"""Who may do what in a support group: one pure function of the group's kind and the
person's standing. machina's checker (forums/forum_permission/checker.py) applies it."""

from __future__ import annotations

from forums.models import GroupKind

SEE = frozenset({"can_see_forum"})
READ = frozenset({"can_see_forum", "can_read_forum", "can_download_file"})
WRITE = frozenset(
    {
        "can_start_new_topics",
        "can_reply_to_topics",
        "can_edit_own_posts",
        "can_attach_file",
        "can_vote_in_polls",
    }
)
# No "can_delete_posts": machina's delete is a hard delete; moderators reject (soft-delete)
# through the moderation queue instead.
MODERATE = frozenset(
    {
        "can_approve_posts",
        "can_lock_topics",
        "can_move_topics",
        "can_edit_posts",
        "can_reply_to_locked_topics",
    }
)


def group_permissions(
    kind: str, *, is_member: bool, is_moderator: bool, may_post: bool = True
) -> frozenset[str]:
    """Permission codenames for one person in one group. ``may_post`` is False for members
    who have not accepted the current community guidelines: they read, but cannot write."""
    if is_moderator:
        return READ | WRITE | MODERATE
    if is_member:
        return READ | WRITE if may_post else READ
    if kind == GroupKind.PUBLIC:
        return READ
    if kind == GroupKind.MEMBERS_ONLY:
        return SEE
    return frozenset()
