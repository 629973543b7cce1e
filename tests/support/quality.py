"""The extraction-quality metric shared by the CI gates (tests/test_quality_gate.py,
tests/test_families.py) and the benchmarks (bench/quality.py, bench/families.py).

- **Article text** of an item: its ``text`` field (title, date, summary, paragraphs and captions
  in page order, author; blocks separated by a blank line) without the title block and without
  the ``dd/mm/yyyy`` date block: that is, the summary, the body paragraphs, the captions and the
  author line. ``reference_text(expected)`` is that of a fixture's ``expected.json``;
  ``article_text(item)`` that of the item the parser produced (same rule, its own title/date).
- For trafilatura the candidate is the ``text`` of ``bare_extraction(html, url=URL,
  with_metadata=True)``, without a first line equal to trafilatura's own ``title``.
- **Tokens**: the text in Unicode NFC, case-folded, split into maximal runs of word characters
  (``\\w+``); punctuation and white space are separators. **Token F1** compares the two bags
  (multisets) of tokens: precision = |candidate ∩ reference| / |candidate|, recall =
  |candidate ∩ reference| / |reference|, F1 = 2PR / (P + R); 1.0 when both are empty, 0.0 when
  only one is.
- **Leak**: a chrome or toolbar string that occurs more often in the extractor's output than in
  the reference (so a word the article itself uses never counts): the portal's banner and tool
  strings (``CHROME_PHRASES``), the image-box toolbar words, whole lines equal to a line of the
  portal's chrome (the empty listing page), and for a layout family every chrome string its
  renderer printed (``family_leaks``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
ORIGIN = "https://vksndtc.gov.vn"

#: Banner, reading tools, boxes and footer of every page (case-sensitive substrings).
CHROME_PHRASES = (
    "CỔNG THÔNG TIN ĐIỆN TỬ",
    "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
    "The Supreme People’s Procuracy of Viet Nam",
    "The Supreme People's Procuracy",
    "Cỡ chữ",
    "Tương phản",
    "Tìm kiếm",
    "Tin liên quan",
    "Tin đọc nhiều",
    "Liên kết website",
    "Chuyên mục khác",
    "Tiêu điểm",
    "Trang chủ",
    "Chia sẻ",
    "In bài viết",
    "Sơ đồ cổng thông tin",
    "Hôm nay:",
    "Nhập từ khóa",
    "44 Lý Thường Kiệt",
    "Ghi rõ nguồn",
)
#: The image-box toolbar (``<span>left</span><span>center</span>...`` read as text).
TOOLBAR = {
    "leftcenterrightdel": re.compile(r"leftcenterrightdel", re.I),
    "left center right del": re.compile(r"(?<!\w)left\W+center\W+right\W+del(?!\w)", re.I),
    "toolbar word alone on a line": re.compile(r"(?m)^\W*(?:left|center|right|del)\W*$", re.I),
}
_TOKEN = re.compile(r"\w+")
_DMY = re.compile(r"\d{2}/\d{2}/\d{4}")


# --- text and tokens ---------------------------------------------------------------------------


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def tokens(text: str | None) -> list[str]:
    """NFC, case-folded ``\\w+`` runs."""
    return _TOKEN.findall(nfc(text).casefold())


def token_prf(candidate: str | None, reference: str | None) -> tuple[float, float, float]:
    """(precision, recall, F1) of the bags of tokens."""
    cand, ref = Counter(tokens(candidate)), Counter(tokens(reference))
    if not cand and not ref:
        return 1.0, 1.0, 1.0
    if not cand or not ref:
        return 0.0, 0.0, 0.0
    common = sum((cand & ref).values())
    if common == 0:
        return 0.0, 0.0, 0.0
    precision = common / sum(cand.values())
    recall = common / sum(ref.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def token_f1(candidate: str | None, reference: str | None) -> float:
    return token_prf(candidate, reference)[2]


def _dmy(published: str | None) -> str | None:
    if not published or len(published) < 10:
        return None
    y, m, d = published[:10].split("-")
    return f"{d}/{m}/{y}"


def article_text(item: dict) -> str:
    """An item's ``text`` without its title block and its date block: summary, paragraphs,
    captions and author."""
    blocks = nfc(item.get("text")).split("\n\n")
    if blocks and blocks[0].strip() == nfc(item.get("title")).strip():
        blocks = blocks[1:]
    if blocks and _DMY.fullmatch(blocks[0].strip()) and (
            blocks[0].strip() == _dmy(item.get("published")) or not item.get("published")):
        blocks = blocks[1:]
    return "\n\n".join(blocks)


def reference_text(expected: dict) -> str:
    """The reference article text of a fixture (its expected item)."""
    return article_text(expected)


def fields_text(item: dict) -> str:
    """Every text field of an item, for the leak check: text, summary, body, author, captions,
    section texts."""
    parts = [item.get("text"), item.get("summary"), item.get("body"), item.get("author")]
    parts += [image.get("caption") for image in item.get("images") or []]
    parts += [section.get("text") for section in item.get("sections") or []]
    parts += [section.get("unit") for section in item.get("sections") or []]
    return "\n\n".join(nfc(p) for p in parts if p)


def trafilatura_text(doc) -> str:
    """The candidate article text of a trafilatura result (``Document`` or dict)."""
    if doc is None:
        return ""
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = nfc(data.get("text"))
    title = nfc(data.get("title")).strip()
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:])
    return text


# --- leaks -------------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    return " ".join(nfc(text).split())


@lru_cache(maxsize=1)
def chrome_lines() -> frozenset[str]:
    """Every text line of the portal's chrome: the empty listing page (banner, menus, boxes,
    breadcrumb, footer; no teaser), each line NFC, whitespace-collapsed, case-folded."""
    from lxml import html as lhtml

    page = FIXTURES / "portal" / "listing" / "empty.html"
    doc = lhtml.fromstring(page.read_bytes(), parser=lhtml.HTMLParser(encoding="utf-8"))
    for bad in doc.xpath("//script | //style | //head"):
        bad.drop_tree()
    lines = set()
    for text in doc.xpath("//body//text()"):
        line = _collapse(text).casefold()
        if len(line) >= 2 and not line.isdigit():
            lines.add(line)
    return frozenset(lines)


def _line_counts(text: str) -> Counter:
    return Counter(_collapse(line).casefold() for line in nfc(text).split("\n") if line.strip())


def leaks(candidate: str | None, reference: str | None) -> list[str]:
    """The chrome and toolbar strings the candidate holds more often than the reference."""
    candidate, reference = _collapse_keep_lines(candidate), _collapse_keep_lines(reference)
    found = []
    for phrase in CHROME_PHRASES:
        if candidate.count(phrase) > reference.count(phrase):
            found.append(phrase)
    for name, pattern in TOOLBAR.items():
        if len(pattern.findall(candidate)) > len(pattern.findall(reference)):
            found.append(name)
    cand_lines, ref_lines = _line_counts(candidate), _line_counts(reference)
    for line in chrome_lines():
        if cand_lines.get(line, 0) > ref_lines.get(line, 0):
            found.append(f"line: {line}")
    return sorted(set(found))


def _collapse_keep_lines(text: str | None) -> str:
    return "\n".join(" ".join(line.split()) for line in nfc(text).split("\n"))


def family_leaks(candidate: str | None, reference: str | None, chrome: list[str]) -> list[str]:
    """The chrome strings a layout family printed (its menus, boxes, counters, footer) that the
    candidate holds, as whole words, more often than the reference."""
    candidate, reference = _collapse(candidate), _collapse(reference)
    found = []
    for phrase in set(chrome):
        phrase = _collapse(phrase)
        if len(phrase) < 2:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
        if len(pattern.findall(candidate)) > len(pattern.findall(reference)):
            found.append(phrase)
    return sorted(found)


# --- evaluating ------------------------------------------------------------------------------


@dataclass
class Page:
    fixture: str
    precision: float
    recall: float
    f1: float
    leaks: list[str] = field(default_factory=list)
    exact_text: bool | None = None


def fixture_pages(fixtures: Path = FIXTURES) -> list[dict]:
    """Every fixture article with a page and an expected item: name, url, body, type, expected."""
    out = []
    for meta_file in sorted(fixtures.glob("articles/*/fixture.json")):
        folder = meta_file.parent
        page, expected = folder / "page.html", folder / "expected.json"
        if not page.is_file() or not expected.is_file():
            continue
        meta = json.loads(meta_file.read_text("utf-8"))
        out.append({"fixture": folder.name, "url": ORIGIN + meta["path"],
                    "body": page.read_bytes(),
                    "content_type": meta.get("content_type", "text/html; charset=utf-8"),
                    "expected": json.loads(expected.read_text("utf-8"))})
    return out


def evaluate_vkscrawl(pages: list[dict] | None = None) -> list[Page]:
    from vkscrawl.parsing import parse_article

    results = []
    for p in pages or fixture_pages():
        item = parse_article(p["body"], p["url"], p["content_type"]).item
        expected = p["expected"]
        prf = token_prf(article_text(item), reference_text(expected))
        results.append(Page(p["fixture"], *prf,
                            leaks=leaks(fields_text(item), fields_text(expected)),
                            exact_text=nfc(item.get("text")) == nfc(expected.get("text"))))
    return results


def summarise(results: list[Page]) -> dict:
    f1s = [r.f1 for r in results]
    return {
        "pages": len(results),
        "mean_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "min_f1": round(min(f1s), 4) if f1s else None,
        "mean_precision": round(sum(r.precision for r in results) / len(results), 4),
        "mean_recall": round(sum(r.recall for r in results) / len(results), 4),
        "pages_with_leaks": sum(1 for r in results if r.leaks),
        "leaks": {r.fixture: r.leaks for r in results if r.leaks},
        "exact_text": (sum(1 for r in results if r.exact_text)
                       if results and results[0].exact_text is not None else None),
    }
