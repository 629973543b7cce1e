"""``vkscrawl status``: the ledger at a glance, for operators (text) and scripts (``--json``)."""

from __future__ import annotations

import json
from pathlib import Path

from vkscrawl.ledger.state import STATE_FILE, STATES, read_ledger

#: How many articles of each list the text report names (``--json`` gives them all).
SHOWN = 20


def ledger_status(output_dir: str | Path) -> dict:
    """What the ledger of ``output_dir`` holds; raises StateError, FileNotFoundError."""
    path = Path(output_dir) / STATE_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist (no crawl has run on this folder yet)")
    ledger = read_ledger(path)
    try:
        counts = ledger.counts()
        failed = [{"article_id": r["article_id"], "url": r["url"], "attempts": r["attempts"],
                   "reason": r["last_reason"], "next_attempt": r["next_attempt"],
                   "given_up": r["next_attempt"] is None,
                   # A re-check of an article the feed holds failed: nothing is missing.
                   "in_feed": bool(r["in_feed"])}
                  for r in ledger.articles("state = 'failed'")]
        pending = [{"article_id": r["article_id"], "url": r["url"], "reason": r["last_reason"]}
                   for r in ledger.articles("state = 'pending'")]
        gone = [{"article_id": r["article_id"], "url": r["url"], "reason": r["last_reason"],
                 "deletion_marker": bool(r["deleted"])}
                for r in ledger.articles("state = 'gone'")]
        duplicates = [{"article_id": r["article_id"], "duplicate_of": r["duplicate_of"]}
                      for r in ledger.articles("state = 'duplicate'")]
        out_of_scope = [{"article_id": r["article_id"], "url": r["url"],
                         "reason": r["last_reason"]}
                        for r in ledger.articles("state = 'out_of_scope'")]
        anchored = ledger.db.execute("SELECT COUNT(*) FROM articles WHERE anchored = 1").fetchone()[0]
        images = ledger.image_counts()
        failed_images = [
            {"url": url, "article_id": article_id, "attempts": attempts, "reason": reason,
             "next_attempt": next_attempt, "given_up": next_attempt is None}
            for url, article_id, attempts, reason, next_attempt in ledger.db.execute(
                "SELECT url, article_id, attempts, last_reason, next_attempt FROM images "
                "WHERE state = 'failed' ORDER BY url")]
        last_run = ledger.get_meta("last_run")
        frontier = {
            "last_walk_complete": ledger.get_meta("last_walk_complete") == "1",
            "last_walk_end": ledger.get_meta("last_walk_end"),
            "last_page_read": ledger.get_meta("last_walk_frontier"),
            "anchored_articles": anchored,
        }
    finally:
        ledger.db.close()
    return {"state_file": str(path), "counts": {s: counts.get(s, 0) for s in STATES},
            "failed": failed, "pending": pending, "gone": gone, "duplicates": duplicates,
            "out_of_scope": out_of_scope, "frontier": frontier,
            "images": images, "failed_images": failed_images,
            "last_run": json.loads(last_run) if last_run else None}


def render(status: dict) -> str:
    counts = status["counts"]
    lines = [f"Ledger {status['state_file']}",
             "  " + "  ".join(f"{state} {counts[state]}" for state in STATES)]
    run = status["last_run"]
    if run:
        verdict = {0: "succeeded", 1: "FAILED", 3: "wrote items, markup DRIFT",
                   4: "paused"}.get(run["exit_status"], f"exit {run['exit_status']}")
        c = run["counts"]
        lines.append(f"Last run {run['run_id']} ({run['start']} - {run['end']}): {verdict}"
                     + (f": {run['reason']}" if run.get("reason") else ""))
        lines.append(f"  {c['listing_pages']} listing page(s), {c['articles_fetched']} article(s) "
                     f"fetched, {c['items_written']} written, {c['failed']} failed, "
                     f"{c['deleted']} deleted")
    else:
        lines.append("Last run: none recorded")
    frontier = status["frontier"]
    walk = "complete" if frontier["last_walk_complete"] else "NOT complete"
    lines.append(f"Listing: last walk {walk} ({frontier['last_walk_end'] or 'no walk yet'}); "
                 f"last page read {frontier['last_page_read'] or '-'}; "
                 f"{frontier['anchored_articles']} article(s) anchored")

    def listing(title: str, rows: list[dict], describe) -> None:
        if not rows:
            return
        lines.append(f"{title} ({len(rows)}):")
        lines.extend("  " + describe(row) for row in rows[:SHOWN])
        if len(rows) > SHOWN:
            lines.append(f"  ... and {len(rows) - SHOWN} more (--json lists them all)")

    images = status["images"]
    lines.append("Images (page requisites): " + "  ".join(
        f"{state} {images[state]}" for state in ("archived", "pending", "failed", "gone",
                                                 "out_of_scope"))
        + (f" ({images['given_up']} given up)" if images["given_up"] else ""))

    listing("Failed", status["failed"], lambda r: (
        f"{r['article_id']}  {r['attempts']} attempt(s), "
        + ("GIVEN UP" if r["given_up"] else f"next attempt from {r['next_attempt']}")
        + f": {r['reason']}" + ("; its item is in the feed" if r["in_feed"] else "")))
    listing("Pending", status["pending"], lambda r: f"{r['article_id']}  {r['url'] or ''}"
            + (f" ({r['reason']})" if r["reason"] else ""))
    listing("Gone", status["gone"], lambda r: f"{r['article_id']}  {r['reason']}"
            + ("; deletion marker in the feed" if r["deletion_marker"] else ""))
    listing("Out of scope", status["out_of_scope"], lambda r: f"{r['article_id']}  {r['reason']}")
    listing("Failed images", status["failed_images"], lambda r: (
        f"{r['url']}  {r['attempts']} attempt(s), "
        + ("GIVEN UP" if r["given_up"] else f"next attempt from {r['next_attempt']}")
        + f": {r['reason']}"))
    return "\n".join(lines)
