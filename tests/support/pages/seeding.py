"""A seed draws the same pages everywhere.

Hypothesis (6.131 and later) mixes into what it draws integer and string constants it finds in
the project's own modules that happen to be loaded (``hypothesis.internal.conjecture.providers``,
"local constants").  Which modules are loaded differs between running one test file and the whole
suite, and the parser's source changes as it is fixed: the same seed would then draw other pages,
and a strict xfail on a failure class could flip without the parser fixing anything.  While pages
are drawn, the local pool is empty (Hypothesis's own global constants stay).  Versions without the
feature need nothing.
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def same_pages_everywhere():
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # a Hypothesis without local constants
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or cache is None:
        yield
        return
    empty = Constants()
    providers._get_local_constants = lambda: empty
    cache.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()
