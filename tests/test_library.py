"""The library is usable on its own, as the README shows."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_library_imports_neither_click_nor_rich():
    """`import cryanime` (the library) stays free of the CLI and terminal packages."""
    code = ("import sys, cryanime; cryanime.recommend(cryanime.load_catalogue(), cryanime.Query());"
            "print(sorted(m for m in ('click', 'rich') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_readme_library_example_runs():
    """The README's library snippet works and recommends films with first love."""
    from cryanime import Query, load_catalogue, recommend

    catalogue = load_catalogue()
    query = Query(themes=(catalogue.resolve_theme("first love"),), format="film")
    picks = recommend(catalogue, query, limit=3)
    assert picks
    assert all(p.title.format == "film" and "first-love" in p.title.themes for p in picks)


def test_public_names_are_the_functions_even_after_the_cli_ran(invoke):
    """`from cryanime import recommend` is the function, whatever was imported before."""
    import cryanime

    invoke("recommend", "-n", "1")
    from cryanime import recommend

    assert callable(recommend) and recommend is cryanime.ranking.recommend
    assert set(cryanime.__all__) <= set(dir(cryanime))
