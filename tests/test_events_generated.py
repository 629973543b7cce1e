"""Generated digests through the real parser and the event rules, against their known truth
(tests/support/sections: units in all their forms, the activity's day in every form, officials
with titles, several kinds per section, headings printed every way).

Bounded for CI: ``GENERATED_DIGESTS`` digests of one fixed seed (about 1,000 sections, a few
seconds), and Hypothesis drawing more seeds. The soak (bench/soak_sections.py) runs thousands.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.sections.check import check
from tests.support.sections.compose import HEADINGS, digest_html, digests, draw_digest

#: Digests of the CI batch, and its seed.
GENERATED_DIGESTS = 300
SEED = 20261206
#: The batch must exercise at least this many sections (it has ~1,000).
MIN_SECTIONS = 900


@pytest.fixture(scope="module")
def batch():
    return list(digests(SEED, GENERATED_DIGESTS))


def test_every_generated_section_gives_its_true_event(batch):
    failures = [f.as_dict() for digest, html in batch for f in check(digest, html)]
    classes = Counter(f["class"] for f in failures)
    assert not failures, (classes.most_common(), failures[:5])


def test_the_batch_covers_every_part(batch):
    sections = [s for digest, _ in batch for s in digest.sections]
    assert len(sections) >= MIN_SECTIONS
    truths = [s.truth(digest.published) for digest, _ in batch for s in digest.sections]
    assert {s.heading for s in sections} == set(HEADINGS)
    assert {t["unit_level"] for t in truths} == {"tinh", "huyen", "khu_vuc", "cap_cao"}
    kinds = Counter(k for t in truths for k in t["kinds"])
    assert all(kinds[k] >= 10 for k in kinds) and len(kinds) == 17, kinds
    assert sum(len(t["kinds"]) > 1 for t in truths) >= 100  # several kinds in a section
    assert sum(t["date_source"] == "digest" for t in truths) >= 50
    assert sum(bool(t["people"]) for t in truths) >= 300
    assert any(s.parts["old_tone"] for s in sections)
    assert any("(after)" in s.parts["when"] for s in sections)
    assert any("(vừa)" in s.parts["when"] for s in sections)
    assert {s.parts["preamble"] for s in sections} >= {"Nhằm", "Để", "Thực", "Nhân"}
    assert sum(bool(s.parts["subject"]) for s in sections) >= 50


def test_the_check_sees_a_wrong_truth(batch):
    """The check is not vacuous: a truth changed by hand is reported."""
    digest, html = next((d, h) for d, h in batch if len(d.sections) > 1)
    section = digest.sections[1]
    section.kinds = [*section.kinds, "contest" if "contest" not in section.kinds else "visit"]
    try:
        failures = check(digest, html)
    finally:
        section.kinds.pop()
    assert [(f.position, f.field) for f in failures] == [(2, "kinds")]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_any_seed_gives_true_events(seed):
    rng = random.Random(seed)
    digest = draw_digest(rng, 800000)
    failures = check(digest, digest_html(digest, rng))
    assert not failures, [f.as_dict() for f in failures]
