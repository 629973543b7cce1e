"""Checks of the folders and files a command is asked to write to (they create nothing; each
answers why not, a short phrase for the command's one-line error, or None), and the repair of an
append-only JSONL file a crash left with a partial last line."""

from __future__ import annotations

import os
from pathlib import Path


def folder_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be used (or created) as a folder to write into, or None."""
    path = Path(path)
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable"
    if path.exists() and not path.is_dir():
        return f"{path} is not a folder"
    return None


def output_file_problem(path: Path, inputs: list[Path]) -> str | None:
    """Why the file ``path`` cannot be written (replacing it, never one of ``inputs``), or None."""
    if path.is_dir():
        return "a folder; expected a file to write"
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, a FIFO): written to in place, its folder is not touched.
        return None if os.access(path, os.W_OK) else "not writable"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        return f"folder {str(parent)!r} does not exist"
    if not parent.is_dir():
        return f"{str(parent)!r} is not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"folder {str(parent)!r} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return "not writable"
    if path.exists() and any(path.resolve() == p.resolve() for p in inputs):
        return "one of the SNAPSHOT files; refusing to overwrite it"
    return None


def cut_partial_last_line(path: Path) -> int:
    """Cut a last line without its newline (a crash mid-write) off an append-only file, durably;
    return the bytes cut (0 when the file is missing, empty or ends with a newline). Reads
    backwards from the end: only the tail is ever touched, whatever the file's size."""
    if not path.exists():
        return 0
    with open(path, "rb+") as f:
        size = f.seek(0, os.SEEK_END)
        pos, chunk = size, 65536
        while pos > 0:
            start = max(0, pos - chunk)
            f.seek(start)
            block = f.read(pos - start)
            nl = block.rfind(b"\n")
            if nl >= 0:
                keep = start + nl + 1
                break
            pos = start
        else:
            keep = 0
        if keep == size:
            return 0
        f.truncate(keep)
        f.flush()
        os.fsync(f.fileno())
    return size - keep
