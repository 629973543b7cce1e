"""The Datasette plugin ``vkscrawl explore`` registers: the search fold as an SQL function, a
link from every article to its snapshot, replayed from the WARC file, and a faster array facet.

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
from datasette.facets import ArrayFacet
from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Response

from vkscrawl.explore.fold import fold

ROUTE = "/-/snapshot/"
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@hookimpl
def prepare_connection(conn):
    conn.create_function("vn_fold", 1, lambda text: fold(text) if text else text,
                         deterministic=True)
    # A page runs the same filter in each of its facet queries: reading the database through
    # a memory map, and keeping more pages parsed, roughly halves its time on a large export.
    conn.execute("PRAGMA mmap_size = 1073741824")
    conn.execute("PRAGMA cache_size = -65536")


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


#: The JSON-array columns of ``events`` and the table holding one row per value of each: what a
#: facet value of that column filters by (``?_has_kinds=inspection``).
LINKED = {"kinds": ("event_kinds", "kind"), "provinces": ("event_provinces", "province"),
          "provinces_2025": ("event_provinces_2025", "province")}


def has_parameter(column: str) -> str:
    return f"_has_{column}"


@hookimpl
def filters_from_request(request, table):
    """``?_has_kinds=inspection``: the events of that kind, found through ``event_kinds``'s index
    (Datasette's own ``kinds__arraycontains`` parses the JSON of every row, in every one of the
    page's queries)."""
    if table != "events":
        return None
    where, params, said = [], {}, []
    for column, (link, value_column) in LINKED.items():
        for value in request.args.getlist(has_parameter(column)):
            name = f"has_{len(params)}"
            where.append(f"event_id in (select event_id from [{link}] "
                         f"where [{value_column}] = :{name})")
            params[name] = value
            said.append(f'{column} has "{value}"')
    return FilterArguments(where, params, said)


class DistinctArrayFacet(ArrayFacet):
    """A facet of the values of a JSON-array column whose arrays hold each value once, as the
    export writes them (``_distinct``); a value's link filters with ``?_has_<column>=``.

    Datasette's array facet removes duplicate values within an array with a ``DISTINCT`` over
    every column of every row, event texts included: over a second on 27,000 events. Without
    duplicates to remove, counting the arrays' values is the whole job.
    """

    type = "distinct_array"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            sql = (f"select j.value as value, count(*) as count from ({self.sql}) as inner_rows "
                   f"join json_each(inner_rows.{escape_sqlite(column)}) j "
                   f"group by j.value order by count(*) desc, j.value limit {size + 1}")
            try:
                rows = (await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows[:size]:
                value = str(row["value"])
                selected = (has_parameter(column), value) in pairs
                toggle = (path_with_removed_args if selected else path_with_added_args)(
                    self.request, {has_parameter(column): value})
                values.append({"value": value, "label": value, "count": row["count"],
                               "toggle_url": self.ds.absolute_url(self.request, toggle),
                               "selected": selected})
            results.append({"name": column, "type": self.type, "results": values,
                            "hideable": False, "toggle_url": "",
                            "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [DistinctArrayFacet]
