"""Security fixtures: the search suite's vetted-page builders (pages that went live through
clinical and compliance review, indexed on commit)."""

from tests.search.conftest import (  # noqa: F401
    committed,
    library,
    make_blog_post,
    make_education,
    reviewers,
)
