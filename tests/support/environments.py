"""Virtual environments the tests install from the registry (pywb for replay; the project's
dependencies for the install test), kept outside the checkout and reused by later runs.

Each lives in ``${XDG_CACHE_HOME:-~/.cache}/vkscrawl-tests/<name>-<key>/``, where the key is a hash
of the Python it runs on (version and installation) and the requirements installed: a new requirement makes a new
environment, the same one is installed once. A lock file beside it serialises the runs (and the
pytest workers) that make or use it, and a marker written last tells a complete environment from
one a killed run left half made (which is made again).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

COMPLETE = ".vkscrawl-tests-complete"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vkscrawl-tests"


def environment_path(name: str, requirements: list[str]) -> Path:
    # The base interpreter, not this environment's python: a fresh clone's .venv reuses what
    # another checkout's made.
    key = hashlib.sha256("\n".join([sys.version, sys.base_prefix, *sorted(requirements)])
                         .encode("utf-8")).hexdigest()[:16]
    return cache_root() / f"{name}-{key}"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``.lock for the duration."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _make(venv: Path, requirements: list[str]) -> str | None:
    """Make the environment; returns why it could not be made, or None."""
    if venv.exists():
        shutil.rmtree(venv)
    steps = [[sys.executable, "-m", "venv", str(venv)]]
    if requirements:
        steps.append([str(venv / "bin" / "pip"), "install", "--quiet", *requirements])
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:
            return f"{' '.join(step[-3:])}: {done.stderr[-1500:]}"
    (venv / COMPLETE).write_text("\n".join(requirements) + "\n", "utf-8")
    return None


@contextmanager
def cached_environment(name: str, requirements: list[str]) -> Iterator[Path]:
    """The environment with ``requirements`` installed (made on first use), held locked while
    the caller uses it (a caller may install into it: no other run sees it meanwhile).
    Raises RuntimeError when it cannot be made."""
    venv = environment_path(name, requirements)
    with locked(venv):
        if not (venv / COMPLETE).exists():
            problem = _make(venv, requirements)
            if problem:
                raise RuntimeError(f"cannot make {venv}: {problem}")
        yield venv


def ready_environment(name: str, requirements: list[str]) -> Path:
    """The environment with ``requirements`` installed (made on first use), for callers that
    only run what is installed in it (several may at once)."""
    with cached_environment(name, requirements) as venv:
        return venv
