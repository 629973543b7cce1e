"""The two seed texts (tests/data/seeds/) against `vkscrawl parse` on their rebuilt pages.

The seeds are two pages of the portal as a generic extractor saw them; our item's `text` must be
the same words without the chrome and toolbar lines, and the fields docs/PORTAL.md lists under
"What a correct item looks like".
"""

from __future__ import annotations

import json
import re
import subprocess
import sys


from tests.support.crawl import FIXTURES, ROOT

SEEDS = ROOT / "tests" / "data" / "seeds"
CHROME_LINES = ("CỔNG THÔNG TIN ĐIỆN TỬ", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
                "The Supreme People’s Procuracy of Viet Nam", "Cỡ chữ:   Tương phản")


def parse_cli(folder: str) -> dict:
    meta = json.loads((FIXTURES / "articles" / folder / "fixture.json").read_text("utf-8"))
    proc = subprocess.run(
        [sys.executable, "-m", "vkscrawl.cli", "parse", "--url",
         "https://vksndtc.gov.vn" + meta["path"], str(FIXTURES / "articles" / folder / "page.html")],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def seed_text(prefix: str) -> str:
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert files, f"no seed {prefix}_*.txt in {SEEDS}"
    return files[0].read_text("utf-8")


def test_seed_000_item():
    item = parse_cli("01-cao-bang-ha-tinh-can-tho")
    assert item["title"] == "Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh – Cần Thơ"
    assert item["published"] == "2023-11-28"
    assert item["summary"].startswith("Tin hoạt động VKSND địa phương ngày 28/11/2023 gồm")
    assert [s["unit"] for s in item["sections"]] == [
        "VKSND tỉnh Cao Bằng", "VKSND tỉnh Hà Tĩnh", "VKSND thành phố Cần Thơ"]
    assert [s["provinces"] for s in item["sections"]] == [["Cao Bằng"], ["Hà Tĩnh"], ["Cần Thơ"]]
    assert [i["caption"] for i in item["images"]] == [
        "Đồng chí Lương Minh Thống, Vụ trưởng Vụ 8 VKSND tối cao phát biểu tại Hội nghị",
        "Lãnh đạo các đơn vị ký kết Giao ước thi đua năm 2024",
        "Đồng chí Phạm Thanh Từng, Viện trưởng VKSND thành phố Cần Thơ phát biểu tại Hội nghị"]
    assert item["author"] == "TL (tổng hợp)"
    for line in CHROME_LINES + ("Cỡ chữ", "Tương phản", "Tìm kiếm"):
        assert line not in item["text"]


def test_seed_000_text_is_the_seed_without_chrome():
    seed = seed_text("000")
    # The seed runs on into the next page after the search box: it ends there.
    seed = seed.split("Tìm kiếm", 1)[0]
    kept = [line for line in seed.splitlines()
            if " ".join(line.split()) not in {" ".join(c.split()) for c in CHROME_LINES}]
    item = parse_cli("01-cao-bang-ha-tinh-can-tho")
    assert words(item["text"]) == words("\n".join(kept))


def test_seed_001_item_and_text():
    seed = seed_text("001")
    item = parse_cli("02-thanh-hoa-tong-ket-cong-tac-2023")
    assert len([i for i in item["images"] if i["caption"]]) == 4
    assert "leftcenterrightdel" not in item["text"]
    assert not re.search(r"\bleft\s*center\s*right\s*del\b", item["text"])
    assert item["author"] == "Hải - Huê"
    # The seed starts mid-article: the item's text ends with exactly the seed's words.
    seed_words = words(seed.replace("leftcenterrightdel", ""))
    assert words(item["text"])[-len(seed_words):] == seed_words
