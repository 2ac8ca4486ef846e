"""The pages the benchmark drives: add a :class:`Page` to :data:`PAGES` to measure it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    baseline: bool = False


# Exactly one page is the baseline; every other page's numbers are divided by its numbers.
PAGES: list[Page] = [
    Page("bare Django view", "/_bench/baseline", baseline=True),
    Page("home page", "/"),
    Page("physicians directory", "/physicians/"),
    Page("physician profile", "/physicians/dr-phyllis-example/"),
    Page("blog index", "/blog/"),
    Page("blog post", "/blog/questions-to-bring-to-your-next-appointment/"),
    Page("education index", "/education/"),
    Page("education page", "/education/living-with-type-2-diabetes-demo/"),
    Page("condition hub", "/education/conditions/type-2-diabetes/"),
    Page("groups index", "/groups/"),
    Page("group page", "/groups/forum/blood-pressure-circle-demo-1/"),
    Page(
        "topic page",
        "/groups/forum/blood-pressure-circle-demo-1/topic/demo-topic-1-what-helps-on-a-hard-day-1/",
    ),
    # 10,000+ indexed documents (bench/prepare.py); a lay phrase expanded by synonyms.
    Page("search results", "/search/?q=high+blood+pressure"),
    Page("search suggestions", "/search/suggest/?q=hyper"),
]


def baseline_of(pages: list[Page]) -> Page:
    """The one page flagged as the baseline."""
    baselines = [page for page in pages if page.baseline]
    if len(baselines) != 1:
        raise ValueError(f"exactly one page must be the baseline, found {len(baselines)}")
    return baselines[0]
