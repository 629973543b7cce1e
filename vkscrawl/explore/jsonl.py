"""Reading an append-only JSONL file from where the last reader stopped (docs/FEED.md):
complete lines only, from a byte offset, and a fingerprint that tells whether the bytes before
that offset are still the ones read (else the file shrank or was replaced, and is read again)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The fingerprint covers the file's first bytes and the bytes just before the offset: a file
#: rebuilt with the same first lines (``vkscrawl reparse -o``) still differs at the old offset.
HEAD = 65536
TAIL = 4096


@dataclass(frozen=True)
class Position:
    """How far a file was read: the offset just after the last complete line used, and the
    fingerprint of the bytes before it."""

    offset: int
    fingerprint: str


def fingerprint(path: Path, offset: int) -> str:
    """sha256 of the first ``HEAD`` and the last ``TAIL`` bytes before ``offset`` ("" when the
    file holds fewer than ``offset`` bytes)."""
    try:
        with open(path, "rb") as f:
            head = f.read(min(offset, HEAD))
            f.seek(max(0, offset - TAIL))
            tail = f.read(offset - max(0, offset - TAIL))
    except FileNotFoundError:
        return ""
    if len(head) < min(offset, HEAD) or len(tail) < min(offset, TAIL):
        return ""
    return hashlib.sha256(head + b"\0" + tail).hexdigest()


def still_valid(path: Path, position: Position) -> bool:
    """Whether the file still holds, up to ``position.offset``, the bytes that were read."""
    return fingerprint(path, position.offset) == position.fingerprint


def complete_lines(path: Path, offset: int) -> Iterator[tuple[bytes, int]]:
    """Each complete line from ``offset`` on, with the offset just after it; a last line without
    its newline is a line being written (or a torn tail the crawl will cut) and is not read."""
    if not path.exists():
        return
    with open(path, "rb") as f:
        f.seek(offset)
        for raw in f:
            if not raw.endswith(b"\n"):
                return
            offset += len(raw)
            yield raw, offset
