"""The screening benchmark's 5,000-character posts (issue 14, point 9): inputs and report.
Timings are printed by `make bench BENCH_ARGS=--screening-only`, never asserted here."""

from __future__ import annotations

from bench import screening


def test_synthetic_posts_are_reproducible_and_of_the_stated_length():
    posts = screening.synthetic_posts(5)
    assert posts == screening.synthetic_posts(5)
    assert {len(post) for post in posts} == {screening.POST_LENGTH}
    assert len(set(posts)) == 5


def test_percentiles_cover_every_post_and_round():
    p50, p99 = screening.screening_percentiles(screening.synthetic_posts(4), rounds=2)
    assert 0 < p50 <= p99


def test_report_names_the_target_and_says_when_it_is_missed():
    assert "target p99 20 ms): ok" in screening.format_percentiles(3.0, 12.0, 200)
    assert "OVER TARGET" in screening.format_percentiles(3.0, 25.0, 200)
