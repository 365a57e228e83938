"""Every page of the table of contents, as a reader's browser loads it (one load per page)."""

from __future__ import annotations

import os
import posixpath
import urllib.parse
from pathlib import Path

import pytest
from leverage_browser import describe, html_root, parse_page, toc_files, toc_pages

SERIOUS = ("critical", "serious")


def test_every_toc_entry_is_built_and_in_the_navigation(book_root: Path) -> None:
    """Each ``file:`` of _toc.yml has a page, and the sidebar (from which the pages are derived) lists it."""
    toc = os.environ.get("LEVERAGE_TOC")
    if toc:
        toc_path = Path(toc)
    elif os.environ.get("LEVERAGE_HTML"):
        pytest.skip("LEVERAGE_HTML is set: set LEVERAGE_TOC too to compare that build with a _toc.yml")
    else:
        toc_path = Path(__file__).resolve().parents[2] / "_toc.yml"
    pages = toc_pages(book_root)
    missing = [f"{f}.html" for f in toc_files(toc_path) if f"{f}.html" not in pages]
    assert not missing, f"in {toc_path} but not built or not in the sidebar of {pages[0]}:{describe(missing)}"


def test_front_door_leads_to_the_front_page(server, desktop, book_root: Path) -> None:
    front = toc_pages(book_root)[0]
    tab = desktop.new_page()
    try:
        tab.goto(server.url(""), wait_until="load")
        tab.wait_for_url(f"**/{front}", timeout=10_000, wait_until="load")
        assert tab.locator("article h1").first.is_visible(), f"/ redirected to {front}, which shows no heading"
    finally:
        tab.close()


def test_page_loads_without_errors(page: str, visit) -> None:
    v = visit(page)
    problems = [f"HTTP {v.status} for the page itself"] if v.status != 200 else []
    problems += [f"request failed: {f}" for f in v.failed]
    problems += v.console_errors
    assert not problems, f"{page} did not load cleanly:{describe(problems)}"


def test_no_request_leaves_the_local_server(page: str, visit, server) -> None:
    v = visit(page)
    outside = sorted({url for url in v.requests if not server.is_local(url)})
    assert not outside, (
        f"{page} asked hosts other than the local server (the book must ship its math, fonts, icons "
        f"and scripts):{describe(outside)}"
    )


def test_images_load_and_have_alt_text(page: str, visit) -> None:
    v = visit(page)
    problems = [f"did not load: {i['src']}" for i in v.data["images"] if not i["complete"] or i["naturalWidth"] <= 0]
    problems += [f"no alt text (a figure needs a description): {i['src']}"
                 for i in v.data["images"] if not (i["alt"] or "").strip()]
    assert not problems, f"{page}: images:{describe(problems)}"


def test_math_is_rendered(page: str, visit) -> None:
    v = visit(page)
    math = v.data["math"]
    if not math:
        return  # nothing to render on this page
    assert v.data["mathjax"] == "ready", f"{page} has math but MathJax did not start (is _static/mathjax there?)"
    unrendered = [m["source"] for m in math if not m["rendered"]]
    errors = [m["source"] for m in math if m["error"]]
    assert not unrendered, f"{page}: math MathJax did not render:{describe(unrendered)}"
    assert not errors, f"{page}: math with TeX errors:{describe(errors)}"


def test_the_book_has_math_for_the_math_check_to_see(visit, pages: list[str]) -> None:
    """Guard for test_math_is_rendered, which passes on a page without math: if the theme renamed the math
    elements, no page would have any and that test would pass everywhere without checking anything."""
    assert any(visit(p).data["math"] for p in pages), "no page has math elements (span.math, div.math)"


def _ids_of(target: str, visit, pages: list[str], root: Path) -> set[str]:
    if target in pages:
        return set(visit(target).data["ids"])
    file = root / target
    return parse_page(file).ids if file.suffix == ".html" and file.is_file() else set()


def test_internal_links_and_anchors_resolve(page: str, visit, server, pages: list[str], book_root: Path) -> None:
    v = visit(page)
    broken: list[str] = []
    for link in v.data["links"]:
        href = link["href"]
        if not server.is_local(href) or href.startswith(("javascript:", "data:", "blob:", "about:")):
            continue
        target = server.relative(href)
        fragment = urllib.parse.unquote(urllib.parse.urlsplit(href).fragment)
        status = server.status(href)
        if status != 200:
            broken.append(f"{link['raw']!r} ({link['text'][:40]!r}) -> HTTP {status}")
            continue
        if fragment and fragment not in _ids_of(target, visit, pages, book_root):
            broken.append(f"{link['raw']!r} ({link['text'][:40]!r}) -> no id {fragment!r} in {target}")
    assert not broken, f"{page}: links that lead nowhere:{describe(broken)}"


def test_no_serious_accessibility_violations(page: str, visit) -> None:
    v = visit(page)
    found = []
    for violation in v.axe_violations:
        if violation.get("impact") not in SERIOUS:
            continue
        targets = [", ".join(map(str, n.get("target", []))) for n in violation.get("nodes", [])]
        found.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({len(targets)} element(s), e.g. {targets[:3]})"
        )
    assert not found, f"{page}: axe-core found:{describe(found)}"


def test_pages_are_derived_from_the_build() -> None:
    """Guard for the parametrisation: a built book has a front page and at least one more page."""
    root = html_root()
    if not (root / "index.html").is_file():
        pytest.fail(f"no built book at {root} (index.html is missing): run `make book` first", pytrace=False)
    pages = toc_pages(root)
    assert len(pages) >= 2, f"the sidebar of {pages[0]} lists no other page: {pages}"
    assert all((root / p).is_file() for p in pages), [p for p in pages if not (root / p).is_file()]
    assert len({posixpath.normpath(p) for p in pages}) == len(pages)
