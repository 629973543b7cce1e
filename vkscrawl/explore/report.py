"""``vkscrawl report -o FILE.html [OUTPUT_DIR]``: one self-contained HTML page of charts.

The numbers come from the export (``OUTPUT_DIR/explore.db``, brought up to date first, as
``explore`` does), ``runs.jsonl`` and the ledger (what ``vkscrawl status --json`` reports). The
page has no script and loads nothing: its charts are inline SVG (``charts``), each mark with its
numbers in a ``<title>`` and ``data-*`` attributes.

Counting rules (said on the page too): an event of several kinds counts once under each kind, an
event naming several provinces once under each; units are counted as the events write them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date, datetime, timezone
from html import escape
from pathlib import Path

from vkscrawl.explore import charts
from vkscrawl.explore.jsonl import complete_lines
from vkscrawl.ledger.runs import RUNS_FILE

TOP_UNITS = 15
RUN_STATUS = {0: "success", 1: "failed", 2: "bad argument", 3: "drift", 4: "paused"}
RUN_COLOUR = {0: "#59a14f", 1: "#e15759", 2: "#e15759", 3: "#edc948", 4: "#bab0ac"}

STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
.axis,.label,.value{font-size:11px;fill:#444}.legend span{margin-right:1em;white-space:nowrap}
.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
.note{color:#666;font-size:12px}.columns{display:flex;gap:2em;flex-wrap:wrap}"""


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last, empty months included (a gap is information)."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def activity(db: sqlite3.Connection) -> dict:
    """What the activity charts show, from the export."""
    kind_month = Counter({(m, k): n for m, k, n in db.execute(
        "SELECT e.month, k.kind, COUNT(*) FROM event_kinds k JOIN events e USING (event_id) "
        "GROUP BY e.month, k.kind")})
    months = [r[0] for r in db.execute("SELECT DISTINCT month FROM events ORDER BY month")]
    kinds = [r[0] for r in db.execute(
        "SELECT kind FROM event_kinds GROUP BY kind ORDER BY COUNT(*) DESC, kind")]
    per_province = db.execute(
        "SELECT province, COUNT(*) FROM event_provinces GROUP BY province "
        "ORDER BY COUNT(*) DESC, province").fetchall()
    per_province_2025 = db.execute(
        "SELECT province, COUNT(*) FROM event_provinces_2025 GROUP BY province "
        "ORDER BY COUNT(*) DESC, province").fetchall()
    units = db.execute(
        "SELECT unit, COUNT(*), MAX(date) FROM events WHERE unit IS NOT NULL AND unit != '' "
        "GROUP BY unit").fetchall()
    newest = db.execute("SELECT MAX(date) FROM events").fetchone()[0]
    return {
        "events": db.execute("SELECT COUNT(*) FROM events").fetchone()[0],
        "articles": db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
        "months": months_between(months[0], months[-1]) if months else [],
        "kinds": kinds, "kind_month": kind_month,
        "per_province": per_province, "per_province_2025": per_province_2025,
        "most_active": sorted(units, key=lambda u: (-u[1], u[0]))[:TOP_UNITS],
        "silent": sorted(units, key=lambda u: (u[2], u[0]))[:TOP_UNITS],
        "newest": newest,
    }


def read_runs(output_dir: Path) -> list[dict]:
    runs = []
    for raw, _ in complete_lines(output_dir / RUNS_FILE, 0):
        try:
            runs.append(json.loads(raw))
        except ValueError:
            continue  # a damaged line of the log is not a reason to refuse the report
    return runs


def ledger(output_dir: Path) -> dict | None:
    from vkscrawl.ledger.state import StateError
    from vkscrawl.ledger.status import ledger_status

    try:
        return ledger_status(output_dir)
    except (FileNotFoundError, StateError):
        return None


def _days(newer: str, older: str) -> int:
    return (date.fromisoformat(newer[:10]) - date.fromisoformat(older[:10])).days


def activity_section(data: dict) -> str:
    colour = charts.colours(data["kinds"])
    month_chart = charts.stacked_columns("activity-by-month", data["months"], data["kinds"],
                                         data["kind_month"], colour)
    province = charts.bars("events-per-province", [
        (p, n, {"province": p, "count": n}) for p, n in data["per_province"]])
    province_2025 = charts.bars("events-per-province-2025", [
        (p, n, {"province": p, "count": n}) for p, n in data["per_province_2025"]],
        colour="#f28e2b")
    active = charts.bars("most-active-units", [
        (u, n, {"unit": u, "count": n, "last-date": last}) for u, n, last in data["most_active"]],
        label_width=320)
    silent = charts.bars("silent-units", [
        (u, _days(data["newest"], last), {"unit": u, "last-date": last,
                                          "days": _days(data["newest"], last)})
        for u, _, last in data["silent"]], unit=" d", colour="#bab0ac", label_width=320)
    return f"""
<h2>Activity per month, by kind</h2>
<p class="note">Events per month of the activity's date; an event of several kinds counts once
under each kind.</p>
{charts.legend(colour)}{month_chart}
<h2>Per province, before and after the 2025 merger</h2>
<p class="note">An event naming several provinces counts once under each.</p>
<div class="columns"><div><h3>Provinces as named (before the merger)</h3>{province}</div>
<div><h3>Provinces after the merger</h3>{province_2025}</div></div>
<h2>Units</h2>
<div class="columns"><div><h3>The {TOP_UNITS} most active units</h3>{active}</div>
<div><h3>Silent for the longest</h3><p class="note">Days from the unit's last event to the
newest event of all ({escape(data['newest'] or '-')}).</p>{silent}</div></div>"""


def health_section(runs: list[dict], status: dict | None) -> str:
    statuses = Counter(r.get("exit_status") for r in runs)
    run_rows = [(f"{r.get('start', '?')} {RUN_STATUS.get(r.get('exit_status'), '?')}",
                 (r.get("counts") or {}).get("items_written", 0),
                 {"run": r.get("run_id"), "exit-status": r.get("exit_status"),
                  "items-written": (r.get("counts") or {}).get("items_written", 0),
                  "failed": (r.get("counts") or {}).get("failed", 0),
                  "colour": RUN_COLOUR.get(r.get("exit_status"), "#999")})
                for r in runs[-30:]]
    failures = [r for r in runs if r.get("exit_status") not in (0, None)][-10:]
    parts = ["<h2>The crawl's health</h2>",
             f'<p>{len(runs)} run(s) recorded in runs.jsonl: ' + ", ".join(
                 f'<span data-exit-status="{s}" data-runs="{n}">{n} '
                 f'{escape(RUN_STATUS.get(s, str(s)))}</span>'
                 for s, n in sorted(statuses.items(), key=lambda x: str(x[0]))) + "</p>"]
    if run_rows:
        parts.append("<h3>Items written by the last runs</h3>"
                     + charts.bars("runs", run_rows, label_width=260))
    if failures:
        parts.append("<h3>Runs that did not succeed</h3><table><tr><th>run</th><th>start</th>"
                     "<th>exit</th><th>reason</th></tr>" + "".join(
                         f"<tr><td>{escape(str(r.get('run_id')))}</td>"
                         f"<td>{escape(str(r.get('start')))}</td>"
                         f"<td>{r.get('exit_status')}</td>"
                         f"<td>{escape(str(r.get('reason') or ''))}</td></tr>" for r in failures)
                     + "</table>")
    if status is None:
        parts.append("<p>No ledger (state.sqlite3) in this output folder.</p>")
    else:
        counts = status["counts"]
        given_up = sum(1 for f in status["failed"] if f["given_up"])
        parts.append('<h3>The ledger now</h3><table data-chart="ledger">' + "".join(
            f'<tr data-state="{escape(state)}" data-count="{n}"><td>{escape(state)}</td>'
            f"<td>{n}</td></tr>" for state, n in counts.items())
            + f'<tr data-state="given_up" data-count="{given_up}"><td>failed and given up'
              f"</td><td>{given_up}</td></tr></table>")
        if status["pending"] or status["failed"]:
            parts.append("<h3>Pending and failed articles</h3><table>" + "".join(
                f"<tr><td>{r['article_id']}</td><td>{escape(kind)}</td>"
                f"<td>{escape(str(r.get('reason') or ''))}</td></tr>"
                for kind, rows in (("pending", status["pending"]), ("failed", status["failed"]))
                for r in rows[:20]) + "</table>")
    return "\n".join(parts)


def render(data: dict, runs: list[dict], status: dict | None) -> str:
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>vkscrawl report: Tin hoạt động VKSND địa phương</title><style>{STYLE}</style></head>
<body>
<h1>Tin hoạt động VKSND địa phương: activity and crawl health</h1>
<p data-articles="{data['articles']}" data-events="{data['events']}">{data['articles']} articles,
{data['events']} events{' from ' + escape(data['months'][0]) + ' to ' + escape(data['months'][-1])
 if data['months'] else ''}. Generated {generated} by vkscrawl report from the feed, the events,
runs.jsonl and the ledger. Source: vksndtc.gov.vn (the articles are the portal's).</p>
{activity_section(data)}
{health_section(runs, status)}
<footer class="report-end note">vkscrawl report</footer>
</body></html>
"""


def write_report(database: Path, output_dir: Path, target: Path) -> dict:
    """Write the page to ``target`` (through a temporary file: a reader never sees half of it)."""
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        data = activity(conn)
    finally:
        conn.close()
    page = render(data, read_runs(output_dir), ledger(output_dir))
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(target)
    return data
