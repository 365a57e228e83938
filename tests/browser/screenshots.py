"""Screenshots of the built book at desktop and phone sizes, for a person to look at.

    python tests/browser/screenshots.py [HTML_DIR] [OUT_DIR]      (defaults: _build/html _build/screenshots)

Pages, chosen from the book's own navigation (so they follow _toc.yml):
  front        the front page
  chapter      the first chapter notebook (else the first page after the front page)
  figures      the page with the most images in its article (scrolled to its first figure)
  instructor   the instructor guide (book/instructor-guide), skipped with a note while it does not exist

Writes OUT_DIR/<name>-desktop.png (1280x800) and OUT_DIR/<name>-phone.png (390x844).
Exit status 2 (and a one-line message) when the book is not built or Chromium is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import (  # noqa: E402 - the shared helpers live beside the tests
    DESKTOP,
    PHONE,
    BookServer,
    article_image_count,
    find_chromium,
    launch_chromium,
    missing_book_message,
    new_reader_context,
    no_browser_message,
    toc_pages,
)

INSTRUCTOR_GUIDE = "book/instructor-guide.html"


def choose_pages(root: Path) -> tuple[dict[str, str], list[str]]:
    """``({name: page}, notes)`` for the screenshots, derived from the built navigation."""
    pages = toc_pages(root)
    chosen: dict[str, str] = {"front": pages[0]}
    notes: list[str] = []
    rest = pages[1:]
    chapters = [p for p in rest if p.startswith("notebooks/")]
    if chapters or rest:
        chosen["chapter"] = (chapters or rest)[0]
    else:
        notes.append("chapter: the book has no page besides the front page")
    counts = {p: article_image_count(root, p) for p in pages}
    # most figures; on a tie, another page than the chapter shot, then the earliest
    best = max(pages, key=lambda p: (counts[p], p != chosen.get("chapter"), -pages.index(p)))
    if counts[best] > 0:
        chosen["figures"] = best
    else:
        notes.append("figures: no page of the book has a figure yet")
    guide = next((p for p in pages if p == INSTRUCTOR_GUIDE), None)
    guide = guide or next((p for p in pages if p.endswith("/instructor-guide.html")), None)
    if guide:
        chosen["instructor"] = guide
    else:
        notes.append(f"instructor: {INSTRUCTOR_GUIDE} is not in the book yet, skipped")
    return chosen, notes


def take(browser, server: BookServer, name: str, page: str, out: Path) -> list[Path]:
    written = []
    for size_name, viewport, extra in (
        ("desktop", DESKTOP, {}),
        ("phone", PHONE, {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}),
    ):
        context = new_reader_context(browser, server, viewport, **extra)
        try:
            tab = context.new_page()
            tab.goto(server.url(page), wait_until="load", timeout=30_000)
            tab.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            tab.wait_for_load_state("networkidle", timeout=10_000)
            if name == "figures":
                tab.evaluate("""() => {
                  const img = document.querySelector('article.bd-article img');
                  if (img) img.scrollIntoView({block: 'center'});
                }""")
                tab.wait_for_timeout(200)
            path = out / f"{name}-{size_name}.png"
            tab.screenshot(path=str(path))
            written.append(path)
        finally:
            context.close()
    return written


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "_build/html").resolve()
    out = Path(argv[2] if len(argv) > 2 else "_build/screenshots").resolve()
    if not (root / "index.html").is_file():
        print(f"screenshots: {missing_book_message(root)}", file=sys.stderr)
        return 2
    executable = find_chromium()
    if executable is None:
        print(f"screenshots: {no_browser_message()}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    chosen, notes = choose_pages(root)
    out.mkdir(parents=True, exist_ok=True)
    server = BookServer(root)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright, executable)
            try:
                for name, page in chosen.items():
                    for path in take(browser, server, name, page, out):
                        print(f"{name:<11} {page:<40} -> {path}")
            finally:
                browser.close()
    finally:
        server.close()
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
