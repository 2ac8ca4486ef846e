"""Same-label override of machina's ``forum_permission`` app: machina's models and
migrations, with the portal's checker (group kinds and membership) and a view mixin that
answers 404 for private groups, so a non-member cannot even learn that a URL exists."""
