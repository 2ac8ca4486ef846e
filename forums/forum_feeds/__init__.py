"""Same-label override of machina's ``forum_feeds``: a private group's feed is a 404 for
anyone who may not read the group."""
