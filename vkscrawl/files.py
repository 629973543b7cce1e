"""Checks of the folders and files a command is asked to write to. They create nothing; each
answers why not (a short phrase for the command's one-line error), or None."""

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
