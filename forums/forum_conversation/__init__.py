"""Same-label override of machina's ``forum_conversation``: machina's models and
migrations, with post and topic forms that apply the portal's content rules and
new-member limits on every write path (new topic, reply, edit)."""
