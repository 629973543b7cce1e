"""What the ``vkscrawl reparse`` command loads that it does not use: a process of the command line
pays each module it imports once per run (BENCHMARKS.md section 6, branch portal5)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.crawl import FIXTURES


def test_the_reparse_command_does_not_import_subprocess(tmp_path):
    """Only ``vkscrawl demo`` starts a process; the command line imports ``subprocess`` there."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    import io

    page = next(FIXTURES.glob("articles/*/page.html")).read_bytes()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Length", str(len(page)))],
                               protocol="HTTP/1.1")
    url = "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/bai-t11418.html"
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page),
                                                  http_headers=headers))
    (tmp_path / "x.warc.gz").write_bytes(buffer.getvalue())
    code = ("import sys\n"
            "from vkscrawl.cli import main\n"
            f"sys.argv = ['vkscrawl', 'reparse', '--quiet', '-o', {str(tmp_path / 'out.jsonl')!r},"
            f" {str(tmp_path / 'x.warc.gz')!r}]\n"
            "status = main()\n"
            "print(status, 'subprocess' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "False"]
    assert (tmp_path / "out.jsonl").read_text("utf-8").count("\n") == 1
