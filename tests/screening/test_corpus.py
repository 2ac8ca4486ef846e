"""The labelled screening corpus: size, both parts, closed vocabularies, no repeats, and a
clear error naming file and line for a bad record."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from portal.screening.evaluation import (
    EXPECTED,
    LANGS,
    PHI_KINDS,
    STYLES,
    CorpusError,
    load_corpus,
    normalised,
)
from tests.screening.conftest import record, write_lines, write_records


@pytest.fixture(scope="module")
def corpus():
    return load_corpus("all")


def test_corpus_has_at_least_800_posts_with_every_label_in_both_parts(corpus):
    """Both parts hold posts of all four labels, 800 posts at least in all."""
    size = len(corpus)
    assert size >= 800, f"the corpus has {size} posts"
    labels = {(post.part, post.expected) for post in corpus}
    missing = {(p, e) for p in ("dev", "heldout") for e in EXPECTED} - labels
    assert not missing, f"labels missing from a part: {sorted(missing)}"


def test_every_category_appears_in_both_parts(corpus):
    parts = {}
    for post in corpus:
        parts.setdefault(post.category, set()).add(post.part)
    one_sided = {category: p for category, p in parts.items() if p != {"dev", "heldout"}}
    assert not one_sided, f"categories in one part only: {one_sided}"


def test_records_use_only_the_closed_vocabularies(corpus):
    for post in corpus:
        assert post.expected in EXPECTED, post.id
        assert post.category.startswith(f"{post.expected}:"), post.id
        assert set(post.phi_kinds) <= set(PHI_KINDS), post.id
        assert post.lang in LANGS, post.id
        assert post.style in STYLES, post.id
        assert bool(post.phi_kinds) or post.expected != "phi", post.id


def test_every_phi_kind_has_at_least_15_phi_posts(corpus):
    kinds = Counter(k for post in corpus if post.expected == "phi" for k in post.phi_kinds)
    thin = {kind: kinds[kind] for kind in PHI_KINDS if kinds[kind] < 15}
    assert not thin, f"PHI kinds with fewer than 15 posts: {thin}"


def test_ids_are_unique_across_the_corpus(corpus):
    repeated = [i for i, n in Counter(post.id for post in corpus).items() if n > 1]
    assert not repeated


def test_no_text_repeats_within_or_across_parts(corpus):
    repeated = [t for t, n in Counter(normalised(post.text) for post in corpus).items() if n > 1]
    assert not repeated, f"{len(repeated)} repeated texts"


def test_nhs_numbers_in_phi_posts_pass_the_mod_11_check(corpus):
    """Synthetic NHS numbers are well formed: a detector that checks the digit must find them."""
    posts = [post for post in corpus if "nhs_number" in post.phi_kinds]
    assert posts
    for post in posts:
        digits = "".join(ch for ch in post.text if ch.isdigit())
        assert any(_nhs_valid(digits[i : i + 10]) for i in range(len(digits) - 9)), post.id


def _nhs_valid(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(number[9])


# --- Bad records -------------------------------------------------------------------------

GOOD = record("phi", "dev", 1, "ring me on 0161 496 0000", "phi:phone", ["phone"])


def _with(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def _without(name: str) -> str:
    return json.dumps({k: v for k, v in GOOD.items() if k != name})


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ('{"id": "phi-dev-0002", "text": ', "not a JSON object"),
        ('["a", "list"]', "not a JSON object"),
        ("", "not a JSON object"),
        (_without("style"), "missing ['style']"),
        (_with(mood="sad"), "unexpected ['mood']"),
        (_with(id="phi-heldout-0002"), "must look like phi-dev-0001"),
        (_with(id="crisis-dev-0002"), "must look like phi-dev-0001"),
        (_with(text="   "), "text is empty"),
        (_with(text=42), "must be strings"),
        (_with(expected="urgent", category="urgent:x"), "expected 'urgent'"),
        (_with(category="ordinary:everyday"), "category 'ordinary:everyday'"),
        (_with(category="phi:Phone Numbers"), "category 'phi:Phone Numbers'"),
        (_with(phi_kinds=["fax"]), "unknown or repeated kinds"),
        (_with(phi_kinds=["phone", "phone"]), "unknown or repeated kinds"),
        (_with(phi_kinds="phone"), "list of strings"),
        (_with(phi_kinds=[]), "at least one kind"),
        (_with(expected="ordinary", category="ordinary:x"), "cannot contain personal"),
        (_with(lang="fr"), "lang 'fr'"),
        (_with(style="poetic"), "style 'poetic'"),
    ],
)
def test_a_bad_record_is_refused_naming_file_and_line(tmp_path: Path, line: str, hint: str):
    path = write_lines(tmp_path / "dev" / "phi.jsonl", [json.dumps(GOOD), line])
    with pytest.raises(CorpusError) as error:
        load_corpus("dev", root=tmp_path)
    assert f"{path}:2: " in str(error.value)
    assert hint in str(error.value)


def test_a_duplicate_id_is_refused_naming_both_places(tmp_path: Path):
    first = write_records(tmp_path / "dev" / "phi.jsonl", [GOOD, {**GOOD, "text": "other"}])
    with pytest.raises(
        CorpusError, match=re.escape(f"{first}:2: duplicate id, first at {first}:1")
    ):
        load_corpus("dev", root=tmp_path)


def test_the_same_text_in_both_parts_is_refused(tmp_path: Path):
    write_records(tmp_path / "dev" / "phi.jsonl", [GOOD])
    shouting = {**GOOD, "id": "phi-heldout-0001", "text": "RING ME  on 0161 496 0000"}
    held = write_records(tmp_path / "heldout" / "phi.jsonl", [shouting])
    assert load_corpus("heldout", root=tmp_path)  # alone, each part is valid
    with pytest.raises(CorpusError, match=re.escape(f"{held}:1: duplicate text")):
        load_corpus("all", root=tmp_path)


def test_a_part_without_files_is_refused(tmp_path: Path):
    write_records(tmp_path / "dev" / "phi.jsonl", [GOOD])
    with pytest.raises(CorpusError, match=r"no \*\.jsonl files"):
        load_corpus("all", root=tmp_path)


def test_an_unknown_part_is_refused(tmp_path: Path):
    with pytest.raises(CorpusError, match="unknown part 'train'"):
        load_corpus("train", root=tmp_path)


def test_the_corpus_is_found_under_base_dir(tiny_corpus: Path):
    posts = load_corpus("heldout")
    assert {post.source.rsplit(":", 1)[0] for post in posts} == {
        str(tiny_corpus / "heldout" / f"{stem}.jsonl")
        for stem in ("concern", "crisis", "ordinary", "phi")
    }
