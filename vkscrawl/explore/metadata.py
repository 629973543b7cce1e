"""What ``vkscrawl explore`` tells Datasette about the export: a title and description for every
table and column (from ``schema``), the source and licence note, facets and canned queries."""

from __future__ import annotations

from vkscrawl.explore import schema

SOURCE = "Viện kiểm sát nhân dân tối cao: Tin hoạt động VKSND địa phương (vksndtc.gov.vn)"
SOURCE_URL = "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"
LICENSE = ("The articles are the portal's: their copyright is the Supreme People's Procuracy's. "
           "This is a copy for research and archiving; every article links to its source URL and "
           "its snapshot. Reuse them as the portal allows, and cite it.")

#: The folded query (``vn_fold``, registered by the plugin) finds text typed with or without
#: marks, đ or d, in any mix; Datasette's own search box sends the query as typed.
_MATCH = "MATCH escape_fts(vn_fold(:q))"

QUERIES = {
    "search": {
        "title": "Search events and articles, with or without diacritics",
        "description": "Words (all must appear) or a \"quoted phrase\", typed with or without "
                       "diacritics: kiem sat truc tiep finds kiểm sát trực tiếp, Dak Lak finds "
                       "Đắk Lắk. Events first, newest first.",
        "sql": f"""select 'event' as found_in, e.event_id as id, e.date, e.unit as unit_or_title,
  e.kinds, substr(e.text, 1, 300) as text, e.url
from events e
where e.rowid in (select rowid from events_search where events_search {_MATCH})
union all
select 'article', a.article_id, a.published_date, a.title, null,
  substr(coalesce(a.summary, a.body), 1, 300), a.url
from articles a
where a.article_id in (select rowid from articles_search where articles_search {_MATCH})
order by found_in desc, date desc""",
    },
    "activity_per_province_per_month": {
        "title": "Activity per province per month",
        "description": "Events per province (names before the 2025 merger) and month; kind: "
                       "only events of that kind (e.g. model_trial), empty for all.",
        "sql": """select p.province, e.month, count(*) as events
from event_provinces p join events e on e.event_id = p.event_id
where :kind = '' or exists (select 1 from event_kinds k where k.event_id = e.event_id and k.kind = :kind)
group by p.province, e.month
order by p.province, e.month""",
    },
    "activity_per_2025_province_per_month": {
        "title": "Activity per province (after the 2025 merger) per month",
        "description": "As activity_per_province_per_month, with the provinces as merged in "
                       "2025.",
        "sql": """select p.province, e.month, count(*) as events
from event_provinces_2025 p join events e on e.event_id = p.event_id
where :kind = '' or exists (select 1 from event_kinds k where k.event_id = e.event_id and k.kind = :kind)
group by p.province, e.month
order by p.province, e.month""",
    },
    "unit_activity": {
        "title": "Everything one unit did",
        "description": "Every event of the units whose name contains these words, typed with "
                       "or without diacritics (lam dong: VKSND tỉnh Lâm Đồng and VKSND khu vực "
                       "3 - Lâm Đồng), newest first.",
        "sql": """select e.date, e.unit, e.unit_level, e.kinds, e.text, e.event_id, e.article_id
from events e
where lower(vn_fold(e.unit)) like '%' || lower(vn_fold(trim(:unit))) || '%'
order by e.date desc, e.event_id""",
    },
}

#: "distinct_array": Datasette's array facet for arrays without duplicates (the plugin's).
EVENT_FACETS = [{"distinct_array": "provinces"}, {"distinct_array": "provinces_2025"},
                "unit_level", {"distinct_array": "kinds"}, "month"]


def _table(table: schema.Table, **extra) -> dict:
    return {"title": table.title, "description": table.description,
            "columns": {c.name: c.description for c in table.columns}, **extra}


def metadata(database: str, output_dir: str) -> dict:
    """Datasette metadata for the export served under the name ``database``; ``output_dir`` is
    where the plugin finds the snapshots."""
    tables = {
        "articles": _table(schema.ARTICLES, fts_table="articles_search", fts_pk="article_id",
                           label_column="title", sort_desc="published_date",
                           facets=["month", "category"]),
        "events": _table(schema.EVENTS, fts_table="events_search", label_column="event_id",
                         sort_desc="date", facets=EVENT_FACETS),
        "people": _table(schema.PEOPLE, label_column="name"),
    }
    for table in schema.TABLES:
        tables.setdefault(table.name, _table(table))
    tables[schema.META_TABLE]["hidden"] = True
    for name in schema.SEARCH_TABLES:
        tables[name] = {"hidden": True}
    return {
        "title": "vkscrawl: Tin hoạt động VKSND địa phương",
        "description": "The daily digests of Viet Nam's provincial procuracies as data: articles, "
                       "their images, and the dated events of each procuracy section, searchable "
                       "with or without diacritics.",
        "source": SOURCE, "source_url": SOURCE_URL, "license": LICENSE,
        "databases": {database: {
            "title": "The feed and its events",
            "description": "Exported by vkscrawl export from the crawl's local_news.jsonl and "
                           "events.jsonl (last line per article and per event).",
            "source": SOURCE, "source_url": SOURCE_URL, "license": LICENSE,
            "tables": tables, "queries": QUERIES,
        }},
        "plugins": {"vkscrawl": {"output_dir": output_dir}},
    }
