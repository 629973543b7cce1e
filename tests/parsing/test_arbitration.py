"""The choice between our content candidate and the generic extractor's text, at its thresholds:
each test sits on both sides of one named threshold, so moving the threshold fails it."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lhtml

from vkscrawl.parsing.blocks import BlockWalker
from vkscrawl.parsing.generic import arbitration as arb


def sentence(i: int, words: int = 10) -> str:
    """A running sentence of its own words (no word shared with another sentence)."""
    return " ".join(f"w{i}x{k}" for k in range(words)) + "."


def blocks(*paragraphs: str):
    root = lhtml.fromstring("<div>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>")
    return BlockWalker("http://127.0.0.1/").walk(root)


THEIRS = [sentence(i) for i in range(10)]


def test_ours_serves_only_when_it_holds_enough_of_the_extractors_sentences():
    generic = blocks(*THEIRS)
    assert not arb.prefer_generic(blocks(*THEIRS[:8]), generic)   # 80 % of them: ours
    most = " ".join(THEIRS[7].split()[:9])
    assert arb.prefer_generic(blocks(*THEIRS[:7], most), generic)  # 79 %: theirs


def test_ours_serves_only_when_the_extractor_kept_enough_of_it():
    generic = blocks(*THEIRS)
    extra = [sentence(100 + i) for i in range(7)]
    assert not arb.prefer_generic(blocks(*THEIRS, *extra[:6]), generic)  # 10 of 16 kept: 62.5 %
    assert arb.prefer_generic(blocks(*THEIRS, *extra), generic)          # 10 of 17: 58.8 %


def test_ours_must_hold_the_extractors_opening_paragraph():
    opening = sentence(50, words=20)
    generic = blocks(opening, *THEIRS)
    half = " ".join(opening.split()[:10])
    less = " ".join(opening.split()[:9])
    assert not arb.prefer_generic(blocks(half, *THEIRS), generic)
    assert arb.prefer_generic(blocks(less, *THEIRS), generic)


def test_a_paragraph_of_ours_stays_when_the_extractor_kept_enough_of_its_words():
    long = [sentence(300 + i, words=20) for i in range(2)]
    theirs = blocks(*THEIRS, *long)
    kept = " ".join(long[0].split()[:14]) + " " + " ".join(f"o{k}" for k in range(6)) + "."     # 14 of 20
    dropped = " ".join(long[1].split()[:13]) + " " + " ".join(f"p{k}" for k in range(7)) + "."  # 13 of 20
    texts = [b.text for b in arb.agreed(blocks(THEIRS[0], kept, dropped), theirs)]
    assert texts == [THEIRS[0], kept]


def test_the_opening_paragraph_stays_though_the_extractor_dropped_it_when_it_is_running_prose():
    theirs = blocks(*THEIRS[1:])
    lead = sentence(77, words=8)            # eight words ending like a sentence: running prose
    shorter = sentence(78, words=7)         # seven: a kicker, not the article's opening
    assert [b.text for b in arb.agreed(blocks(lead, *THEIRS[1:3]), theirs)][0] == lead
    assert [b.text for b in arb.agreed(blocks(shorter, *THEIRS[1:3]), theirs)][0] == THEIRS[1]
    twenty = sentence(79, words=20).rstrip(".")  # twenty words, no sentence end: running prose
    nineteen = sentence(80, words=19).rstrip(".")
    assert [b.text for b in arb.agreed(blocks(twenty, *THEIRS[1:3]), theirs)][0] == twenty
    assert [b.text for b in arb.agreed(blocks(nineteen, *THEIRS[1:3]), theirs)][0] == THEIRS[1]


def test_link_text_of_the_extractor_is_no_sentence_ours_must_hold():
    links = "".join(f'<a href="/p{i}">{sentence(200 + i)}</a>' for i in range(5))
    generic = BlockWalker("http://127.0.0.1/").walk(lhtml.fromstring(
        "<div>" + "".join(f"<p>{p}</p>" for p in THEIRS) + f"<p>{links}</p></div>"))
    assert not arb.prefer_generic(blocks(*THEIRS), generic)


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 5)),
       st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 5)))
@settings(max_examples=200, derandomize=True)
def test_the_word_counts_are_the_bags_intersection_and_difference(a, b):
    # the weighing counts shared and left-over words without building Counter's & and -
    a, b = Counter(a), Counter(b)
    assert arb._overlap(a, b) == sum((a & b).values())
    assert arb._beyond(a, b) == sum((a - b).values())


def test_figures_are_no_words_of_running_text():
    # a visit counter's box the extractor runs together into one line: its numbers' digit groups
    # are tokens, not words; twenty words around them are still running prose
    figures = " ".join(f"{k}.{k:03d}" for k in range(1, 11))         # twenty digit groups
    nineteen = " ".join(f"w81x{k}" for k in range(19)) + " " + figures
    twenty = " ".join(f"w82x{k}" for k in range(20)) + " " + figures
    assert not arb._running(nineteen) and arb._running(twenty)
    assert not arb._sentence_tokens(blocks(nineteen)) and arb._sentence_tokens(blocks(twenty))
    seven = " ".join(f"w83x{k}" for k in range(7)) + " 1.204 35.871."
    eight = " ".join(f"w84x{k}" for k in range(8)) + " 1.204 35.871."
    assert not arb._running(seven) and arb._running(eight)


def test_a_counter_line_opening_the_extractors_text_is_no_opening_ours_must_hold():
    counter = "Đang truy cập: 27 Hôm nay: 1.204 Tháng hiện tại: 35.871 Tổng lượt truy cập: 2.318.560"
    assert not arb.prefer_generic(blocks(*THEIRS), blocks(counter, *THEIRS))


def test_the_extractor_reads_beyond_what_was_found_by_a_sentences_worth_of_words():
    # SENTENCE_WORDS words left once the title, date and lead found are taken out: evidence;
    # one fewer: it read nothing but the page's header
    generic = blocks(sentence(60, words=arb.SENTENCE_WORDS + 1))
    title, lead = "w60x0", "w60x0 w60x1"
    assert arb.reads_beyond(generic, [title])
    assert not arb.reads_beyond(generic, [lead])


def test_the_extractor_read_elsewhere_when_less_than_a_sentences_worth_of_its_sentences_is_left():
    ours = blocks(*THEIRS)
    generic = blocks(sentence(60, words=arb.SENTENCE_WORDS + 1))
    assert not arb.elsewhere(ours, generic, ["w60x0"])    # SENTENCE_WORDS left
    assert arb.elsewhere(ours, generic, ["w60x0 w60x1"])   # one fewer


def captioned(caption: str, *paragraphs: str):
    """An article of ``div`` paragraphs under a photo captioned in a ``p`` of its own (image,
    line break, italic caption), the way older CMSs print it."""
    root = lhtml.fromstring(
        '<div><p style="text-align:center"><img src="/a.jpg"><br><em>' + caption + "</em></p>"
        + "".join(f"<div>{p}</div>" for p in paragraphs) + "</div>")
    return BlockWalker("http://127.0.0.1/").walk(root)


def test_the_captions_ours_prints_are_no_running_text_the_extractor_read_of_the_article():
    # the extractor kept the photo's caption (a running sentence) and dropped the article's
    # div paragraphs: it read none of ours beyond the caption, and is no evidence against them
    caption = sentence(60, words=arb.SENTENCE_WORDS + 4)
    ours = captioned(caption, *THEIRS[:3])
    assert arb.elsewhere(ours, blocks(caption), [])
    assert not arb.prefer_generic(ours, blocks(caption), [])
    # a sentence of SENTENCE_WORDS words none of which the caption holds: evidence again; the
    # same sentence opening with a word of the caption (one fewer beyond it): none
    more = [f"w61x{k}" for k in range(arb.SENTENCE_WORDS)]
    assert not arb.elsewhere(ours, blocks(caption, " ".join(more) + "."), [])
    assert not arb.elsewhere(ours, blocks(" ".join(more) + "."), [])
    assert arb.elsewhere(ours, blocks(" ".join(["w60x0", *more[1:]]) + "."), [])
    # the same line printed as a paragraph of ours (no image above it) is running text it read
    plain = captioned("", caption, *THEIRS[:3])
    assert not arb.elsewhere(plain, blocks(caption), [])


def test_an_extractor_that_read_little_beyond_the_title_and_lead_found_is_no_evidence():
    # three words beyond the title found: ours serves, though it holds but 7 of the extractor's
    # 10 words (found included); weighed, ours would lose (covered 70 %)
    header = sentence(60, words=10)
    title = " ".join(header.split()[:7])
    assert not arb.prefer_generic(blocks(*THEIRS), blocks(header), [title])
    assert arb.prefer_generic(blocks(*THEIRS), blocks(header, *THEIRS[:1]), [title])  # 13 beyond


def test_ours_serves_when_the_extractor_kept_kept_min_of_it_exactly():
    # exactly KEPT_MIN of ours kept (90 of 150 words), ours holding 90 % of theirs: ours;
    # one word more of ours that it dropped (90 of 151): theirs
    generic = blocks(*THEIRS)
    extra = [sentence(100 + i) for i in range(5)]
    assert arb.KEPT_MIN == 0.6
    assert not arb.prefer_generic(blocks(*THEIRS[:9], *extra, sentence(105)), generic)
    assert arb.prefer_generic(blocks(*THEIRS[:9], *extra, sentence(105, words=11)), generic)


def test_an_empty_extractor_text_leaves_ours():
    assert not arb.prefer_generic(blocks(*THEIRS), [])


def test_captions_images_and_stops_are_not_weighed_nor_the_opening_paragraph():
    from dataclasses import replace

    from vkscrawl.parsing.blocks import Block

    theirs = blocks(*THEIRS[1:])
    lead = sentence(77, words=8)          # running prose the extractor dropped: the opening
    caption = replace(blocks(sentence(78))[0], role="caption")  # not in theirs: stays
    for first in (Block("image"), Block("stop")):
        out = arb.agreed([first, *blocks(lead, *THEIRS[1:3]), caption], theirs)
        assert [b.text for b in out if b.kind == "p"] == [lead, *THEIRS[1:3], caption.text]
