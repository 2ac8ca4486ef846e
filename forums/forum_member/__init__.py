"""Same-label override of machina's ``forum_member``: a member's profile and post list show
only what the viewer may read."""
