"""``events.jsonl``: the feed's events, kept current from the feed by its byte-offset contract.

``update_events(feed, events)`` reads only the feed's complete lines after the offset it recorded
last time (docs/FEED.md, "Reading it incrementally") and appends to the events file:

- for an item, each of its events whose content differs from that event's last line (a new
  article, an edit, an article back after a take-down); an event whose position the item no
  longer has (an edit left the digest with fewer sections) gets a deletion marker;
- for a deletion marker of the feed, a deletion marker per live event of its article.

Like the feed, the events file only grows, whole lines written at once (the lines of one feed
line in one write), flushed and fsync'ed before the next feed line is read; a partial last line
left by a crash is cut off first. The feed offset (and a fingerprint of the
bytes before it, and the events file's size) is recorded in ``<events stem>.state.json`` only
after the lines it covers are durable. A crash anywhere therefore costs nothing: the next update reads the same feed lines
again and appends only what the events file does not already hold as last line, so updating
twice is updating once. A feed that was replaced (shorter than the offset, or other bytes before
it: restored, or rebuilt by ``vkscrawl reparse -o``) is read again from its start, and the events
of articles it no longer holds get deletion markers; so is the whole feed when the events file is
shorter than recorded (moved away, restored from a backup).

A feed line that is not JSON, or a broken line inside the events file, stops the update with
``EventsError`` and changes nothing more: guessing could lose or repeat events.

Memory: of the events file's last lines the update keeps only what it compares, an event's content
hash (as its 32 bytes) and which events of an article are live, never the lines themselves (they
carry the article's text: holding them cost ~90 MiB at the end of a first crawl of 10,000
articles, the bulk of that crawl's peak RSS). The URLs of events taken back because their article
left a replaced feed are read again from the file when that happens.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from vkscrawl.files import cut_partial_last_line

from .events import DELETION_FIELDS, EVENT_FIELDS, event_deletion, events_of

__all__ = ["EVENTS_FILE", "EventsError", "EventsUpdate", "state_path", "update_events",
           "last_lines", "events_path_problem"]

EVENTS_FILE = "events.jsonl"
#: Bytes before the recorded offset whose hash tells an appended feed from a replaced one.
FINGERPRINT_BYTES = 4096


class EventsError(Exception):
    """The feed or the events file cannot be read safely; nothing more was written."""


@dataclass
class EventsUpdate:
    feed_lines: int = 0        # complete feed lines read
    events_written: int = 0    # event lines appended
    deletions_written: int = 0  # event deletion markers appended
    repaired_bytes: int = 0    # a torn last line cut off the events file
    reread: bool = False       # the feed was read from its start (new, or replaced)
    offset: int = 0            # the feed offset recorded


def state_path(events_path: Path) -> Path:
    """Where the feed offset of an events file is kept: ``events.jsonl`` → ``events.state.json``."""
    events_path = Path(events_path)
    return events_path.with_name(events_path.stem + ".state.json")


def events_path_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be an events file (None when it can); creates nothing."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not path.is_file():
        return "is not a regular file"
    if not folder.is_dir():
        return f"its folder {str(folder)!r} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "is not writable"
    return None


def last_lines(events_path: Path) -> dict[str, dict]:
    """The last line per event_id of an events file (complete lines only)."""
    last: dict[str, dict] = {}
    if not Path(events_path).exists():
        return last
    with open(events_path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                break
            try:
                line = json.loads(raw)
                last[line["event_id"]] = line
            except (ValueError, KeyError, TypeError) as error:
                raise EventsError(f"{events_path} line {number} is broken ({error})") from None
    return last


#: The remembered state of an event whose last line is a deletion marker.
_DELETED = object()


def _digest(content_hash):
    """A content hash as remembered: the 32 bytes of a ``sha256:`` + lowercase hex hash (65 bytes
    of memory instead of 120), anything else as it is; two hashes are equal iff these are."""
    if (isinstance(content_hash, str) and len(content_hash) == 71
            and content_hash.startswith("sha256:")):
        try:
            raw = bytes.fromhex(content_hash[7:])
        except ValueError:
            return content_hash
        if raw.hex() == content_hash[7:]:
            return raw
    return content_hash


class _Known:
    """What the events file already says, kept current as lines are appended: per event its last
    content hash (``_DELETED`` after a deletion marker), and per article its live events (a tuple:
    a third of a set's memory, ~2.5 MiB less at 10,000 articles)."""

    def __init__(self):
        self.hashes: dict[str, object] = {}
        self.live: dict[int, tuple[str, ...]] = {}

    @classmethod
    def of_file(cls, events_path: Path) -> "_Known":
        known = cls()
        if not Path(events_path).exists():
            return known
        with open(events_path, "rb") as f:
            for number, raw in enumerate(f, 1):
                if not raw.endswith(b"\n"):
                    break
                try:
                    line = json.loads(raw)
                    known.note(line["event_id"], line["article_id"], line)
                except (ValueError, KeyError, TypeError) as error:
                    raise EventsError(f"{events_path} line {number} is broken ({error})") from None
        return known

    def note(self, event_id: str, article_id: int, line: dict) -> None:
        """``line`` is now the last line of ``event_id`` (an event of ``article_id``)."""
        if line.get("deleted") is True:
            self.hashes[event_id] = _DELETED
            ids = tuple(e for e in self.live.get(article_id, ()) if e != event_id)
            if ids:
                self.live[article_id] = ids
            else:
                self.live.pop(article_id, None)
        else:
            self.hashes[event_id] = _digest(line.get("content_hash"))
            ids = self.live.get(article_id, ())
            if event_id not in ids:
                self.live[article_id] = ids + (event_id,)

    def changed(self, event: dict) -> bool:
        """Whether ``event`` differs from its last line (or has none, or was taken back)."""
        return self.hashes.get(event["event_id"], _DELETED) != _digest(event["content_hash"])


def _urls_of(events_path: Path, event_ids: set[str]) -> dict[str, str | None]:
    """The URL of the last line of each of ``event_ids`` in the events file."""
    urls: dict[str, str | None] = {}
    with open(events_path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            line = json.loads(raw)
            if line["event_id"] in event_ids:
                urls[line["event_id"]] = line.get("url")
    return urls


def _fingerprint(feed_path: Path, offset: int) -> str:
    with open(feed_path, "rb") as f:
        start = max(0, offset - FINGERPRINT_BYTES)
        f.seek(start)
        return hashlib.sha256(f.read(offset - start)).hexdigest()


def _read_state(path: Path) -> dict | None:
    """The recorded state, or None (none yet, or unreadable: the feed is then read again)."""
    try:
        state = json.loads(path.read_bytes())
        if all(isinstance(state.get(k), t) for k, t in
               (("feed_offset", int), ("fingerprint", str), ("events_size", int))):
            return state
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _write_state(path: Path, offset: int, fingerprint: str, events_size: int) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"feed_offset": offset, "fingerprint": fingerprint,
                   "events_size": events_size}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _ordered(line: dict) -> dict:
    fields = DELETION_FIELDS if line.get("deleted") is True else EVENT_FIELDS
    out = {k: line[k] for k in fields if k in line}
    out.update((k, v) for k, v in line.items() if k not in out)
    return out


class _Appender:
    """Appends the lines one feed line gives with one ``os.write``, then fsyncs: as durable as the
    feed itself (one fsync per feed line), and a crash can only tear the last line. Keeps
    the hashes of ``known`` current (its live events are the caller's to keep)."""

    def __init__(self, path: Path, result: EventsUpdate, known: _Known):
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        self.result = result
        self.known = known

    def write(self, lines: list[dict]) -> None:
        if not lines:
            return
        data = "".join(json.dumps(_ordered(line), ensure_ascii=False) + "\n" for line in lines)
        view = memoryview(data.encode("utf-8"))
        while view:
            view = view[os.write(self.fd, view):]
        os.fsync(self.fd)
        for line in lines:
            if line.get("deleted") is True:
                self.known.hashes[line["event_id"]] = _DELETED
                self.result.deletions_written += 1
            else:
                self.known.hashes[line["event_id"]] = _digest(line.get("content_hash"))
                self.result.events_written += 1

    def close(self) -> None:
        os.close(self.fd)


def _new_feed_lines(feed_path: Path, offset: int):
    """``(line, end offset)`` of each complete feed line after ``offset``."""
    with open(feed_path, "rb") as f:
        f.seek(offset)
        position = offset
        for raw in f:
            if not raw.endswith(b"\n"):
                return  # a line being written, or a torn tail the next crawl cuts
            position += len(raw)
            try:
                line = json.loads(raw)
            except ValueError as error:
                raise EventsError(f"{feed_path} at byte {position - len(raw)}: not a JSON line "
                                  f"({error})") from None
            if not isinstance(line, dict) or "article_id" not in line:
                raise EventsError(f"{feed_path} at byte {position - len(raw)}: not a feed line")
            yield line, position


def update_events(feed_path: str | Path, events_path: str | Path) -> EventsUpdate:
    """Bring ``events_path`` up to date with ``feed_path`` (see the module's docstring)."""
    feed_path, events_path = Path(feed_path), Path(events_path)
    events_path.parent.mkdir(parents=True, exist_ok=True)
    result = EventsUpdate(repaired_bytes=cut_partial_last_line(events_path))
    state_file = state_path(events_path)
    state = _read_state(state_file)
    offset = 0
    if state is not None and feed_path.exists() and events_path.exists():
        offset = state["feed_offset"]
        if (offset > feed_path.stat().st_size
                or _fingerprint(feed_path, offset) != state["fingerprint"]
                or events_path.stat().st_size < state["events_size"]):
            # the feed was replaced, or the events file lost lines (moved away, restored)
            offset = 0
    result.reread = offset == 0
    known = _Known.of_file(events_path)
    live = known.live
    seen: set[int] = set()
    out = _Appender(events_path, result, known)
    try:
        end = offset
        for line, end in _new_feed_lines(feed_path, offset) if feed_path.exists() else ():
            result.feed_lines += 1
            article_id = line["article_id"]
            seen.add(article_id)
            if line.get("deleted") is True:
                out.write([event_deletion(event_id, article_id, line.get("url"),
                                          line.get("status"), line.get("fetched_at"))
                           for event_id in sorted(live.pop(article_id, ()))])
                continue
            events = events_of(line)
            ids = {event["event_id"] for event in events}
            changed = [event for event in events if known.changed(event)]
            vanished = [event_deletion(event_id, article_id, line.get("url"), None,
                                       line.get("fetched_at"))
                        for event_id in sorted(set(live.get(article_id, ())) - ids)]
            out.write(changed + vanished)
            live[article_id] = tuple(ids)
        if result.reread:
            # Read from the start: an article the feed no longer holds has no events either.
            gone = sorted(set(live) - seen)
            urls = _urls_of(events_path, {e for a in gone for e in live[a]}) if gone else {}
            for article_id in gone:
                out.write([event_deletion(event_id, article_id, urls.get(event_id), None, None)
                           for event_id in sorted(live.pop(article_id))])
    finally:
        out.close()
    if feed_path.exists():
        _write_state(state_file, end, _fingerprint(feed_path, end), events_path.stat().st_size)
    result.offset = end
    return result
