"""The package's layers, read from the source with ``ast`` (every import, at the top of a module or
inside a function):

- ``vkscrawl/ledger/`` and ``vkscrawl/archive/`` import no Scrapy (nor anything that does: the
  Scrapy glue lives in ``scrapy_ext/``), and neither imports the other in a cycle;
- ``vkscrawl/parsing/`` imports no Scrapy and nothing of the crawl but the feed's line shape;
- the spider and the item pipelines do not import each other; ``vkscrawl fixture`` does not import
  the spider; nothing below ``scrapy_ext`` imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "vkscrawl"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """Every module ``path`` (the module ``name``) imports, absolute (``from . import x``
    resolved)."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules(folder: str) -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted((PACKAGE / folder).rglob("*.py"))}


def graph() -> dict[str, set[str]]:
    """vkscrawl module -> the vkscrawl modules it imports."""
    all_modules = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}
    known = set(all_modules)
    return {name: {i for i in imported if i in known and i != name}
            for name, imported in all_modules.items()}


def reaches(start: str, graph: dict[str, set[str]]) -> set[str]:
    assert start in graph, f"no module {start}"
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_import_reader_sees_function_local_and_relative_imports(tmp_path):
    """The reader itself: a Scrapy import inside a function counts, and a relative import is
    resolved."""
    sample = tmp_path / "sample.py"
    sample.write_text("from .feed import FeedWriter\n"
                      "def f():\n    from scrapy.http import Headers\n    import scrapy\n")
    found = imports_of(sample, "vkscrawl.ledger.sample")
    assert {"scrapy", "scrapy.http", "vkscrawl.ledger.feed"} <= found


def test_ledger_and_archive_import_no_scrapy():
    g = graph()
    for folder in ("ledger", "archive", "parsing"):
        for name, imported in modules(folder).items():
            scrapy = sorted(i for i in imported if i == "scrapy" or i.startswith("scrapy."))
            assert not scrapy, f"{name} imports {scrapy}"
            # Nor through another vkscrawl module.
            for reached in reaches(name, g):
                assert not reached.startswith(("vkscrawl.scrapy_ext", "vkscrawl.spiders",
                                               "vkscrawl.dispatch")), \
                    f"{name} reaches {reached}"


def test_ledger_and_archive_do_not_import_each_other_in_a_cycle():
    g = graph()
    ledger_to_archive = {(a, b) for a in g if a.startswith("vkscrawl.ledger")
                         for b in g[a] if b.startswith("vkscrawl.archive")}
    archive_to_ledger = {(a, b) for a in g if a.startswith("vkscrawl.archive")
                         for b in g[a] if b.startswith("vkscrawl.ledger")}
    assert not (ledger_to_archive and archive_to_ledger), (ledger_to_archive, archive_to_ledger)
    assert not ledger_to_archive, ledger_to_archive


def test_parsing_knows_nothing_of_the_crawl():
    """Only the feed's line shape (``items``) may be shared."""
    for name, imported in modules("parsing").items():
        outside = sorted(i for i in imported if i.startswith("vkscrawl.")
                         and not i.startswith(("vkscrawl.parsing", "vkscrawl.items")))
        assert not outside, f"{name} imports {outside}"


def test_the_spider_and_the_pipelines_do_not_call_into_each_other():
    g = graph()
    assert not any(m.startswith("vkscrawl.scrapy_ext.pipelines")
                   for m in reaches("vkscrawl.spiders.local_news", g))
    assert not any(m.startswith("vkscrawl.spiders") for m in reaches("vkscrawl.scrapy_ext."
                                                                        "pipelines", g))
    source = (PACKAGE / "scrapy_ext" / "pipelines.py").read_text("utf-8")
    assert "crawler.spider" not in source and ".spider." not in source


def test_the_fixture_command_does_not_import_the_spider():
    assert not any(m.startswith("vkscrawl.spiders")
                   for m in reaches("vkscrawl.dispatch.fixtures", graph()))


def test_the_dispatcher_does_not_import_the_scrapy_glue():
    g = graph()
    for name in g:
        if name.startswith(("vkscrawl.dispatch", "vkscrawl.ledger", "vkscrawl.archive",
                            "vkscrawl.parsing", "vkscrawl.config")):
            glue = [m for m in reaches(name, g)
                    if m.startswith(("vkscrawl.scrapy_ext", "vkscrawl.spiders"))]
            assert not glue, f"{name} reaches {glue}"


# --- one dispatcher, one home for every default -------------------------------------------------

def calls(path: Path) -> list[tuple[str, ast.Call]]:
    """(called name, call) for every call in a module: ``f(...)`` and ``x.f(...)`` are ``f``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else None
            if name:
                found.append((name, node))
    return found


def package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_path_from_a_response_to_its_outcome_is_the_one_dispatcher():
    """The crawl, reparse, the start-up rebuild of missing feed lines and ``vkscrawl fixture``
    call ``dispatch``; the verdicts' bookkeeping is called from the dispatcher alone (the crawl's
    item pipelines run its item stages), and a ``StoredResponse`` is made in one place."""
    callers = {module_name(p) for p in package_files()
               if any(name == "dispatch" for name, _ in calls(p))}
    assert {"vkscrawl.spiders.local_news", "vkscrawl.dispatch.reparse",
            "vkscrawl.dispatch.output", "vkscrawl.dispatch.fixtures"} <= callers, callers
    verdict_steps = {"not_modified", "gone", "before_since", "listed_as_another", "stages"}
    for path in package_files():
        name = module_name(path)
        if name == "vkscrawl.dispatch.response_to_item" or name.startswith("vkscrawl.parsing"):
            continue
        stepped = sorted({n for n, call in calls(path) if n in verdict_steps
                          and isinstance(call.func, ast.Attribute)
                          and "outcomes" in ast.unparse(call.func.value)})
        assert not stepped, f"{name} applies verdicts itself: {stepped}"
        made = [call.lineno for n, call in calls(path) if n == "StoredResponse"]
        assert name == "vkscrawl.dispatch.response" or not made, \
            f"{name} makes a StoredResponse itself (line {made})"


def _constant_values(path: Path):
    """(line, value) of every constant in a module, and of every arithmetic of constants
    (``30 * 60``, ``1024 ** 3``) evaluated; adjacent string literals are one constant."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Constant):
            yield node.lineno, node.value
        elif isinstance(node, (ast.BinOp, ast.UnaryOp)) and all(
                isinstance(n, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop))
                for n in ast.walk(node)):
            try:
                yield node.lineno, eval(compile(ast.Expression(node), "<constant>", "eval"))
            except Exception:  # noqa: BLE001 - not arithmetic (a string's %, a division by 0)
                pass


def test_every_vkscrawl_setting_s_default_is_written_once_in_config():
    """``vkscrawl/config.py`` is the one place a default of vkscrawl's own settings is written:
    no other module restates one (the text of a default, a number no other setting shares, the
    output folder as a default), nor reads a setting with a default of its own."""
    from dataclasses import fields

    from vkscrawl.config import Config

    defaults = {f.metadata["setting"]: f.default for f in fields(Config)}
    texts = [v for v in defaults.values() if isinstance(v, str) and len(v) >= 12]
    # Numbers too common to be a restated default (0, 1, 2, 10, 0.5) are left to the reads below.
    numbers = [v for v in defaults.values() if isinstance(v, (int, float))
               and not isinstance(v, bool) and abs(v) > 100]
    assert texts and numbers  # the check below has something to look for
    for path in package_files():
        name = module_name(path)
        if name == "vkscrawl.config":
            continue
        for line, value in _constant_values(path):
            where = f"{name} line {line}"
            if isinstance(value, str):
                assert not any(text[:40] in value for text in texts), \
                    f"{where} restates a default of vkscrawl/config.py: {value[:60]!r}"
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                assert value not in numbers, f"{where} restates a default: {value!r}"
        for called, call in calls(path):
            if called == "Path" and call.args and isinstance(call.args[0], ast.Constant) \
                    and call.args[0].value == str(defaults["VKSCRAWL_OUTPUT_DIR"]):
                raise AssertionError(f"{name} line {call.lineno}: the output folder's default")
            if called.startswith("get") and len(call.args) >= 2 \
                    and isinstance(call.args[0], ast.Constant) and call.args[0].value in defaults:
                raise AssertionError(f"{name} line {call.lineno} reads {call.args[0].value} "
                                     f"with a default of its own")
