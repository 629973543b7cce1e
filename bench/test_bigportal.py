"""Self-checks of the benchmark portal generator: the pages the throughput benchmarks parse and
crawl are articles the parser reads exactly. Benchmark machinery, outside the CI suite:
``.venv/bin/pytest bench`` (bench/run_all.sh runs it before measuring)."""

from __future__ import annotations

from bench import quality
from bench.bigportal import PER_PAGE, generate, variants
from vkscrawl.parsing import parse_article, parse_listing


def test_generated_benchmark_pages_parse_to_their_expected_items():
    """Every template, twice: the pages the throughput benchmarks parse and crawl give exactly
    the item their template's expected.json predicts (number, headline, date changed)."""
    origin = "http://127.0.0.1:8000"
    generated = variants(30)
    assert len({v.article_id for v in generated}) == 30
    hashes = set()
    for v in generated:
        item = parse_article(v.body(), origin + v.path, v.template.content_type).item
        expected = v.expected(origin)
        assert {k: item[k] for k in expected} == expected, (v.template.name, v.serial)
        assert quality.token_f1(quality.article_text(item), quality.reference_text(expected)) == 1
        hashes.add(item["content_hash"])
    assert len(hashes) == 30, "generated articles must be distinct (content_hash)"


def test_generated_listing_pages_are_read_like_the_portal_s(tmp_path):
    info = generate(tmp_path / "portal", 40)
    assert info["listing_pages"] == 3
    base = "http://127.0.0.1:8000/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"
    listing = tmp_path / "portal" / "portal" / "listing"
    first = parse_listing((listing / "page-1.html").read_bytes(), base)
    assert len(first.teasers) == PER_PAGE and first.next_url == base + "?Page=2"
    assert first.teasers[0].article_id == info["last_id"]
    last = parse_listing((listing / "page-3.html").read_bytes(), base + "?Page=3")
    assert len(last.teasers) == 40 - 2 * PER_PAGE and last.next_url is None
    empty = parse_listing((listing / "empty.html").read_bytes(), base + "?Page=4")
    assert empty.teasers == []
