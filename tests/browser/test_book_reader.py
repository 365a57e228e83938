"""What a reader does with the book: open a solution, search, read on a phone, follow glossary links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from leverage_browser import (
    PHONE,
    describe,
    new_reader_context,
    page_title,
    page_words,
    parse_page,
    term_roles,
    toc_pages,
)

SOLUTION_DROPDOWN = ".solution.dropdown"
SOLUTION_CLASS = re.compile(r'class="[^"]*\bsolution\b[^"]*\bdropdown\b|class="[^"]*\bdropdown\b[^"]*\bsolution\b')


def _pages_with_solution_dropdowns(root: Path, pages: list[str]) -> list[str]:
    return [p for p in pages if SOLUTION_CLASS.search((root / p).read_text(encoding="utf-8", errors="replace"))]


def test_dropdown_solution_opens_on_click(desktop, server, book_root: Path, pages: list[str]) -> None:
    found = _pages_with_solution_dropdowns(book_root, pages)
    if not found:
        pytest.skip("no page of the book has a dropdown solution (```{solution-start} ... :class: dropdown) yet")
    page = found[0]
    tab = desktop.new_page()
    try:
        tab.goto(server.url(page), wait_until="load")
        solution = tab.locator(SOLUTION_DROPDOWN).first
        title = solution.locator(".admonition-title").first
        body = solution.locator(":scope > :not(.admonition-title)")
        solution.scroll_into_view_if_needed()
        assert title.is_visible(), f"{page}: the solution's title is not visible"
        assert body.count() > 0, f"{page}: the solution dropdown has no content"
        assert not body.first.is_visible(), f"{page}: the solution is open before the reader clicks it"
        title.click()
        body.first.wait_for(state="visible", timeout=5_000)
        shown = solution.inner_text().strip()
        heading = title.inner_text().strip()
        assert len(shown) > len(heading), f"{page}: the opened solution shows nothing but its title: {shown!r}"
    finally:
        tab.close()


def _stem(word: str) -> str:
    """The stem Sphinx's English search index files a word under (Porter, as sphinx.search.en)."""
    try:
        import snowballstemmer
    except ImportError:  # pragma: no cover - a dependency of Sphinx
        return word
    return snowballstemmer.stemmer("porter").stemWord(word)


def _unique_word(root: Path, pages: list[str]) -> tuple[str, str] | None:
    """A (page, word): the word is in that page's prose, and neither it nor another word with the
    same search stem is in any other page's prose or in any page title.

    Chapters (notebooks) are preferred, then any page but the front page.
    """
    stems = {p: {_stem(w) for w in page_words(root, p)} for p in pages}
    title_stems = set()
    for p in pages:
        title_stems |= {_stem(w.lower()) for w in re.findall(r"[A-Za-z]+", page_title(root, p))}
    rest = pages[1:]
    candidates = [p for p in rest if p.startswith("notebooks/")] + [p for p in rest if not p.startswith("notebooks/")]
    for page in candidates:
        others = set().union(*(s for p, s in stems.items() if p != page)) | title_stems
        unique = sorted((w for w in page_words(root, page) if _stem(w) not in others), key=lambda w: (-len(w), w))
        if unique:
            return page, unique[0]
    return None


def test_search_finds_a_chapter_by_a_word_only_it_contains(desktop, server, book_root: Path, pages: list[str]) -> None:
    choice = _unique_word(book_root, pages)
    if choice is None:
        pytest.skip("no page has a word that no other page contains")
    page, word = choice
    blocked_before = len(desktop.blocked)
    tab = desktop.new_page()
    try:
        tab.goto(server.url("search.html") + f"?q={word}", wait_until="load")
        # Sphinx's searchtools.js writes "Search finished, found N page(s)..." (or "did not match") when done
        tab.wait_for_function(
            """() => { const s = document.querySelector('#search-results .search-summary');
                       return s && /found|did not match/i.test(s.textContent); }""",
            timeout=20_000,
        )
        results = tab.locator("#search-results ul.search li a")
        hrefs = [server.relative(a) for a in results.evaluate_all("links => links.map(a => a.href)")]
        summary = tab.locator("#search-results").inner_text()
        assert page in hrefs, f"searching {word!r} (only {page} has it) found {hrefs or 'nothing'}: {summary[:300]!r}"
        outside = desktop.blocked[blocked_before:]
        assert not outside, f"the search page asked hosts other than the local server:{describe(outside)}"
    finally:
        tab.close()


@pytest.fixture(scope="session")
def phone(browser, server):
    context = new_reader_context(browser, server, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield context
    context.close()


# with a phone's meta-viewport handling, Chromium widens the layout viewport (innerWidth) to fit
# content that sticks out, so the reference is the screen width we asked for, not innerWidth
OVERFLOW_JS = """
(width) => {
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
    if (r.width && r.right > width + 1 && parent && parent.right <= width + 1) {
      culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
    }
  }
  return {width, scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
          culprits: culprits.slice(0, 8)};
}
"""


def test_phone_shows_the_page_without_horizontal_scrolling(page: str, phone, server) -> None:
    tab = phone.new_page()
    try:
        tab.goto(server.url(page), wait_until="load")
        tab.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        m = tab.evaluate(OVERFLOW_JS, PHONE["width"])
        assert m["scrollWidth"] <= m["width"] + 1, (
            f"{page} at {PHONE['width']}x{PHONE['height']} is {m['scrollWidth']}px wide (screen {m['width']}px); "
            f"what sticks out:{describe(m['culprits'])}"
        )
    finally:
        tab.close()


def test_phone_navigation_toggle_opens_the_table_of_contents(phone, server, pages: list[str]) -> None:
    tab = phone.new_page()
    try:
        tab.goto(server.url(pages[0]), wait_until="load")
        toggle = tab.locator("button.primary-toggle").filter(visible=True).first
        assert toggle.count() == 1, "no visible navigation toggle on a phone-sized screen"
        target = pages[1] if len(pages) > 1 else pages[0]  # near the top of the menu, so on screen when open
        # the theme moves the sidebar into a dialog when it opens: find the link wherever it is
        link = tab.locator(f'nav.bd-docs-nav a.reference.internal[href="{_sidebar_href(tab, server, target)}"]').first
        assert not link.is_visible() or not _in_viewport(tab, link), "the table of contents is already open on a phone"
        toggle.click()
        link.wait_for(state="visible", timeout=5_000)
        assert _in_viewport(tab, link), "after the toggle, the table of contents is not on screen"
        link.click()
        tab.wait_for_url(f"**/{target}", timeout=10_000)
    finally:
        tab.close()


def _sidebar_href(tab, server, target: str) -> str:
    """The href attribute of the sidebar link to ``target`` on the current page."""
    hrefs = tab.locator("nav.bd-docs-nav a.reference.internal").evaluate_all(
        "links => links.map(a => [a.href, a.getAttribute('href')])"
    )
    for absolute, raw in hrefs:
        if server.relative(absolute) == target:
            return raw
    raise AssertionError(f"the sidebar does not list {target}")


def _in_viewport(tab, locator) -> bool:
    box = locator.bounding_box()
    size = tab.viewport_size
    return bool(box) and box["x"] >= 0 and box["x"] + box["width"] / 2 <= size["width"] and box["y"] < size["height"]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _similar(link_text: str, term_text: str) -> bool:
    """Without the page's source: a link's text names the term (allowing plurals and inflections)."""
    a, b = " ".join(_words(link_text)), " ".join(_words(term_text))
    if a and b and (a in b or b in a):
        return True
    stems_a = {w[:5] for w in _words(link_text) if len(w) >= 4}
    stems_b = {w[:5] for w in _words(term_text) if len(w) >= 4}
    return bool(stems_a & stems_b)


def _expected_terms(book_root: Path, page: str, link_text: str) -> set[str] | None:
    """The glossary terms the page's source names for a {term} link with this text (None: unknown)."""
    roles = term_roles(book_root, page)
    if not roles:
        return None
    return roles.get(" ".join(link_text.split()))


def _lands_on_term(book_root: Path, page: str, link_text: str, term_text: str) -> bool:
    expected = _expected_terms(book_root, page, link_text)
    if expected is None:
        return _similar(link_text, term_text)
    # Sphinx matches a term by its full text, ignoring case
    return term_text.casefold() in {t.casefold() for t in expected}


def test_glossary_links_land_on_their_term(visit, server, desktop, pages: list[str], book_root: Path) -> None:
    links = []  # (page, link)
    for page in pages:
        links += [(page, link) for link in visit(page).data["links"] if link["term"]]
    if not links:
        pytest.skip("no page uses a {term} role yet")
    problems = []
    for page, link in links:
        target = server.relative(link["href"])
        anchor = link["href"].partition("#")[2]
        if target not in pages:
            problems.append(f"{page}: {link['text']!r} -> {target}, not a page of the book")
            continue
        terms = visit(target).data["terms"]
        if anchor not in terms:
            problems.append(f"{page}: {link['text']!r} -> {target}#{anchor}, no glossary term has that id")
        elif not _lands_on_term(book_root, page, link["text"], terms[anchor]):
            expected = _expected_terms(book_root, page, link["text"])
            problems.append(f"{page}: {link['text']!r} (meant {sorted(expected) if expected else '?'}) -> "
                            f"{target}#{anchor}, which is the term {terms[anchor]!r}")
    assert not problems, f"glossary links that miss their term:{describe(problems)}"

    # follow one link as a reader does: click it, land on the term, see it
    page, link = next(((p, lk) for p, lk in links if p != server.relative(lk["href"])), links[0])
    tab = desktop.new_page()
    try:
        tab.goto(server.url(page), wait_until="load")
        anchor = tab.locator(f'a[href="{link["raw"]}"]').first
        anchor.scroll_into_view_if_needed()
        anchor.click()
        tab.wait_for_url(f"**#{link['href'].partition('#')[2]}", timeout=10_000)
        tab.wait_for_load_state("load")
        landed = tab.locator(":target")
        assert landed.count() == 1, f"clicking {link['text']!r} on {page} landed on no element"
        text = " ".join(landed.inner_text().replace("#", " ").split())
        assert landed.evaluate("el => el.tagName") == "DT" and _lands_on_term(book_root, page, link["text"], text), (
            f"clicking {link['text']!r} on {page} landed on {text!r}"
        )
        box = landed.bounding_box()
        assert box and 0 <= box["y"] < tab.viewport_size["height"], f"the term {link['text']!r} is not on screen"
    finally:
        tab.close()


def test_the_page_text_reader_matches_the_theme(book_root: Path, pages: list[str]) -> None:
    """The search test derives its word from the article prose; if the theme's HTML changes so
    that no prose is found, that test would skip forever instead of testing search."""
    assert all(parse_page(book_root / p).title.strip() for p in pages), "a page has no <title>"
    with_prose = [p for p in pages if page_words(book_root, p)]
    assert len(with_prose) >= min(2, len(pages)), (
        f"prose found only on {with_prose} of {pages}: the article parser no longer matches the theme's HTML"
    )
