"""The trafilatura side of the parse-throughput comparison (bench/parse_speed.py).

Reads WARC files with warcio, keeps what ``vkscrawl reparse`` keeps (200 responses to article
URLs with an HTML content type), runs ``trafilatura.bare_extraction(body, url=URI,
with_metadata=True)`` on each body and writes one JSON line per page to standard output.

    .venv/bin/python bench/trafilatura_warc.py FILE.warc.gz ... > out.jsonl
"""

from __future__ import annotations

import json
import re
import sys

from trafilatura import bare_extraction
from warcio.archiveiterator import ArchiveIterator

ARTICLE = re.compile(r"-t\d+\.html?(?=$|[?#])|[?&;]itemid=\d+", re.IGNORECASE)
HTML = ("text/html", "application/xhtml+xml")


def main(paths: list[str]) -> int:
    out = sys.stdout
    pages = extracted = 0
    for path in paths:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.http_headers.get_statuscode() != "200" or not ARTICLE.search(uri):
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if content_type and not content_type.split(";")[0].strip() in HTML:
                    continue
                body = record.content_stream().read()
                pages += 1
                doc = bare_extraction(body, url=uri, with_metadata=True)
                if doc is None:
                    out.write("null\n")
                    continue
                extracted += 1
                data = {k: v for k, v in doc.as_dict().items() if k not in ("body", "commentsbody")}
                out.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    print(f"trafilatura: {pages} pages, {extracted} extracted", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
