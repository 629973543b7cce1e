"""A pytest plugin for mutation runs (``scripts/mutation.py`` loads it with ``-p``): every test
session starts with the caches of the code under test empty.

mutmut runs the test selection once in its own process (to learn which tests reach which
function), then forks that process for each mutant. Whatever a module memoised in that first run
(the chrome rules' verdicts by class and id, the parsed fixture pages of ``tests/parsing``, every
``functools`` cache, the feed scan) would answer in the mutant's process with the unmutated
code's result, so a mutant behind a cache hit is never run and counts as a survivor.
"""

from __future__ import annotations

import sys

#: Module-level memos set back to None: (module, attribute).
NONES = (("vkscrawl.ledger.feed", "_last_scan"),)


def ours(name: str) -> bool:
    return name in ("vkscrawl", "tests") or name.startswith(("vkscrawl.", "tests."))


def clear() -> int:
    """Empty them all; returns how many caches were cleared."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not ours(name):
            continue
        for value in list(vars(module).values()):
            # functools.lru_cache / functools.cache wrappers (also behind mutmut's trampolines).
            if callable(value) and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                cleared += 1
    for module_name, attribute in NONES:
        module = sys.modules.get(module_name)
        if module is not None and getattr(module, attribute, None) is not None:
            setattr(module, attribute, None)
            cleared += 1
    return cleared


def pytest_sessionstart(session) -> None:
    clear()
