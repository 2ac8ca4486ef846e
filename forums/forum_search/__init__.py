"""Same-label override of machina's ``forum_search`` (label ``forum_search``).

Machina's search runs on django-haystack. The portal's ``search/`` app indexes topics and
posts instead (Search issue), so forums/urls.py mounts no search URL, and nothing
imports haystack at run time: forum search is switched off rather than left half-working.
This app only keeps machina's app label registered.
"""
