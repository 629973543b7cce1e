"""The Datasette plugin ``vkscrawl explore`` registers: the search fold as an SQL function, and a
link from every article to its snapshot, replayed from the WARC file.

``/-/snapshot/<offset>/<file>`` answers with the archived response's body and content type, read
from the record at that offset of that WARC file of the output folder. The page is the portal's
as it was fetched, so it is served sandboxed (no script runs on Datasette's origin) and may load
nothing but inline styles: its images and links point at the portal, which a reader's browser need
not reach.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response

from vkscrawl.explore.fold import fold

ROUTE = "/-/snapshot/"
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@hookimpl
def prepare_connection(conn):
    conn.create_function("vn_fold", 1, lambda text: fold(text) if text else text,
                         deterministic=True)


def snapshot_path(offset: int, file: str) -> str:
    return f"{ROUTE}{offset}/{quote(file)}"


@hookimpl
def render_cell(row, value, column, table, datasette):
    if table != "articles" or column != "snapshot_file" or not value:
        return None
    offset = row["snapshot_offset"]
    if offset is None:
        return None
    href = datasette.urls.path(snapshot_path(offset, value))
    return datasette_markup(f'<a href="{html.escape(href)}" title="replay the page as archived">'
                            f'{html.escape(value)} @ {offset}</a>')


def datasette_markup(text: str):
    from markupsafe import Markup

    return Markup(text)


async def snapshot(request, datasette):
    from vkscrawl.archive.reader import read_response_at

    config = datasette.plugin_config("vkscrawl") or {}
    root = Path(config.get("output_dir", ".")).resolve()
    path = (root / request.url_vars["file"]).resolve()
    if root not in path.parents or path.suffix not in (".gz", ".warc") or not path.is_file():
        return Response.text("no such snapshot file in the output folder", status=404)
    try:
        record = read_response_at(path, int(request.url_vars["offset"]))
    except (ValueError, OSError, StopIteration) as error:
        return Response.text(f"no response record there: {error}", status=404)
    return Response(record.body or b"", status=200,
                    content_type=record.content_type or "application/octet-stream",
                    headers={"Content-Security-Policy": SANDBOX,
                             "X-Snapshot-Target-URI": record.target_uri or "",
                             "X-Snapshot-Date": record.date})


@hookimpl
def register_routes():
    return [(r"^/-/snapshot/(?P<offset>\d+)/(?P<file>.+)$", snapshot)]
