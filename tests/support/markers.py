"""The suite's markers (pyproject.toml registers them), given where they belong, and held to it.

- ``crawl``: the test runs a crawl (``scrapy crawl`` through ``support.crawl``, the campaign, the
  demo or Scrapyd). Found by reading the test's source, its fixtures' and the helpers of its
  module they call; and held true while the suite runs: a test that starts a crawl without the
  marker fails, naming itself, so ``pytest -m "not crawl"`` (the fast part) never crawls.
- ``install``: the test installs packages from the registry (the first run; later runs reuse
  them, ``support.environments``). Set by hand on those tests.
- ``slow``: a test that takes more than a few seconds even on an idle machine. Set by hand.
"""

from __future__ import annotations

import inspect
import re
import sys
from types import FunctionType, ModuleType

import pytest

#: What starting a crawl looks like in a test's code.
CRAWLS = re.compile(r"\brun_crawl\(|\bstart_crawl\w*\(|\bcrawl_command\(|ScheduleRunner|"
                    r"\brun_schedule\w*\(|\"scrapy\", \"crawl\"|\"demo\"|scrapyd|Scrapyd")

_crawl_allowed = True


_sources: dict[object, str] = {}
_verdicts: dict[tuple, bool] = {}


def _source(obj) -> str:
    if obj not in _sources:  # parametrized items share their functions: read each once
        try:
            _sources[obj] = inspect.getsource(obj)
        except (OSError, TypeError):
            _sources[obj] = ""
    return _sources[obj]


def _runs_crawls(item: pytest.Item) -> bool:
    key = (getattr(item, "function", None),
           tuple(sorted(getattr(item, "_fixtureinfo").name2fixturedefs)))
    if key not in _verdicts:
        _verdicts[key] = _search(item)
    return _verdicts[key]


def _search(item: pytest.Item) -> bool:
    module: ModuleType | None = getattr(item, "module", None)
    functions = [getattr(item, "function", None)]
    for definitions in getattr(item, "_fixtureinfo").name2fixturedefs.values():
        functions += [definition.func for definition in definitions]
    seen: set[int] = set()
    while functions:
        function = functions.pop()
        if function is None or id(function) in seen:
            continue
        seen.add(id(function))
        text = _source(function)
        if CRAWLS.search(text):
            return True
        # The module's own helpers it calls (a crawl one call down is still a crawl).
        home = sys.modules.get(getattr(function, "__module__", ""), module)
        for name in set(re.findall(r"\b([A-Za-z_]\w*)\(", text)):
            helper = getattr(home, name, None)
            if isinstance(helper, (FunctionType, type)) and getattr(
                    helper, "__module__", "").startswith("tests"):
                functions.append(helper)
    return False


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _runs_crawls(item):
            item.add_marker(pytest.mark.crawl)
    # The longest tests first, so that parallel workers do not wait for one of them at the end.
    items.sort(key=lambda item: 0 if item.get_closest_marker("install") else
               1 if item.get_closest_marker("slow") else 2)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    global _crawl_allowed
    _crawl_allowed = item.get_closest_marker("crawl") is not None
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    yield
    global _crawl_allowed
    _crawl_allowed = True


def check_crawl_allowed(command) -> None:
    """Called where a crawl starts: a test without the ``crawl`` marker may not."""
    if not _crawl_allowed:
        raise AssertionError(f"this test starts a crawl ({' '.join(map(str, command))[:120]}) "
                             f"but is not marked crawl: add @pytest.mark.crawl (or name the helper "
                             f"so tests/support/markers.py finds it)")


def _audit(event: str, args) -> None:
    if event == "subprocess.Popen" and not _crawl_allowed:
        argv = [str(a) for a in (args[1] if isinstance(args[1], (list, tuple)) else [args[1]])]
        joined = " ".join(argv)
        if " scrapy crawl " in f" {joined} " or "-m scrapy crawl" in joined:
            check_crawl_allowed(argv)


sys.addaudithook(_audit)
