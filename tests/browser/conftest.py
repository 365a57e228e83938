"""Browser tests of the built book: fixtures and the helpers that screenshots.py reuses.

The book is read the way a reader reads it: served over HTTP from 127.0.0.1 and opened in
Debian's Chromium driven by Playwright. The pages under test are derived from the built
site's own navigation (the sidebar lists every page of ``_toc.yml``), so new chapters are
tested as soon as they are in the table of contents.

Environment variables:
  LEVERAGE_HTML      the built HTML folder (default: <repo>/_build/html)
  LEVERAGE_TOC       a _toc.yml to check against the build (default: the repo's, when
                     LEVERAGE_HTML is not set)
  LEVERAGE_CHROMIUM  the Chromium executable (default: /usr/bin/chromium, then PATH)
  CI=true            a missing browser fails the run instead of skipping it
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import os
import posixpath
import re
import shutil
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# The test modules import these helpers as ``leverage_browser``: the name "conftest" is shared
# with tests/conftest.py and tests/classroom/conftest.py, and pytest keeps only one of them
# under that name in sys.modules.
sys.modules["leverage_browser"] = sys.modules[__name__]

REPO = Path(__file__).resolve().parents[2]
DEFAULT_HTML = REPO / "_build" / "html"
INSTALL_HINT = "install it with `sudo apt-get install chromium` (Debian/Ubuntu)"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--no-pings",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# URLs a page may use without any request leaving the machine
LOCAL_SCHEMES = ("data:", "blob:", "about:", "javascript:")


# --------------------------------------------------------------------------- the built book


def html_root() -> Path:
    """The folder of the built book under test."""
    return Path(os.environ.get("LEVERAGE_HTML") or DEFAULT_HTML).resolve()


def missing_book_message(root: Path) -> str:
    return f"no built book at {root} (index.html is missing): run `make book` first"


class _LinkParser(html.parser.HTMLParser):
    """Collects the sidebar navigation links, meta refresh targets, ids, images and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nav_links: list[str] = []
        self.refresh: str | None = None
        self.ids: set[str] = set()
        self.article_images = 0
        self.title = ""
        self.paragraph_text: list[str] = []
        self._nav_depth = 0  # >0 while inside the book's navigation <nav>
        self._article_depth = 0
        self._in_title = False
        self._p_depth = 0
        self._skip_depth = 0  # math, code: not words a reader types into search
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        classes = a.get("class", "").split()
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url=(.+)", a.get("content", ""), flags=re.I)
            if match:
                self.refresh = match.group(1).strip().strip("'\"")
        if tag == "title":
            self._in_title = True
        if tag in ("br", "img", "meta", "link", "input", "hr", "source", "wbr"):
            if tag == "img" and self._article_depth:
                self.article_images += 1
            return  # void elements never close
        self._stack.append(tag)
        if self._nav_depth or (tag == "nav" and "bd-docs-nav" in classes):
            self._nav_depth += 1
            if tag == "a" and "reference" in classes and "internal" in classes and a.get("href"):
                self.nav_links.append(a["href"])
        if self._article_depth or (tag == "article" and "bd-article" in classes):
            self._article_depth += 1
        if self._article_depth and tag in ("p", "li", "dd", "td"):
            self._p_depth += 1
        if self._skip_depth or tag in ("pre", "code", "script", "style") or "math" in classes:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag not in self._stack:
            return
        while self._stack:  # tolerate unclosed tags such as <p> and <li>
            open_tag = self._stack.pop()
            if self._nav_depth:
                self._nav_depth -= 1
            if self._article_depth:
                if self._article_depth and open_tag in ("p", "li", "dd", "td") and self._p_depth:
                    self._p_depth -= 1
                self._article_depth -= 1
            if self._skip_depth:
                self._skip_depth -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._p_depth and not self._skip_depth:
            self.paragraph_text.append(data)


@functools.lru_cache(maxsize=None)
def parse_page(path: Path) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def root_page(root: Path) -> str:
    """The book's front page, relative to ``root`` (index.html redirects to it)."""
    index = root / "index.html"
    target = parse_page(index).refresh
    if not target:
        return "index.html"
    return posixpath.normpath(urllib.parse.urlsplit(target).path)


def toc_pages(root: Path) -> list[str]:
    """Every page of the table of contents, in reading order, relative to ``root``.

    Read from the sidebar navigation of the front page, which Jupyter Book renders from
    ``_toc.yml`` on every page.
    """
    front = root_page(root)
    pages = [front]
    base = posixpath.dirname(front)
    for href in parse_page(root / front).nav_links:
        path = urllib.parse.urlsplit(href).path
        if not path:  # "#" = the front page itself
            continue
        rel = posixpath.normpath(posixpath.join(base, urllib.parse.unquote(path)))
        if rel not in pages:
            pages.append(rel)
    return pages


def toc_files(toc_path: Path) -> list[str]:
    """The ``file:`` entries of a Jupyter Book ``_toc.yml`` (root first), without suffix."""
    import yaml

    data = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    files = [str(data["root"])]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "file" in node:
                files.append(str(node["file"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in data.items() if k != "root"})
    return [posixpath.splitext(f)[0] if f.endswith((".md", ".ipynb")) else f for f in files]


def page_words(root: Path, page: str) -> set[str]:
    """Lower-case words (6+ letters) of a page's prose, as a reader would search for them."""
    text = " ".join(parse_page(root / page).paragraph_text)
    return {w.lower() for w in re.findall(r"(?<![\w-])[A-Za-z]{6,}(?![\w-])", text)}


TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
EXPLICIT_TARGET = re.compile(r"(.*?)\s*<([^<>]+)>\s*", flags=re.S)


def page_source_text(root: Path, page: str) -> str | None:
    """The MyST/notebook source Sphinx copied for ``page`` (``_sources/``), as text; None if absent."""
    stem = posixpath.splitext(page)[0]
    folder = root / "_sources" / posixpath.dirname(stem)
    if not folder.is_dir():
        return None
    name = posixpath.basename(stem)
    for source in sorted(folder.iterdir()):
        if source.is_file() and source.name.split(".")[0] == name and source.name != name:
            text = source.read_text(encoding="utf-8", errors="replace")
            if source.name.endswith((".ipynb", ".ipynb.txt")):
                import json

                cells = json.loads(text).get("cells", [])
                text = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")
            return text
    return None


def term_roles(root: Path, page: str) -> dict[str, set[str]] | None:
    """``{link text: {glossary term named by the role}}`` for the {term} roles in a page's source."""
    text = page_source_text(root, page)
    if text is None:
        return None
    roles: dict[str, set[str]] = {}
    for content in TERM_ROLE.findall(text):
        explicit = EXPLICIT_TARGET.fullmatch(content)
        title, target = (explicit.group(1), explicit.group(2)) if explicit else (content, content)
        roles.setdefault(" ".join(title.split()), set()).add(" ".join(target.split()))
    return roles


def page_title(root: Path, page: str) -> str:
    return parse_page(root / page).title.strip()


def article_image_count(root: Path, page: str) -> int:
    return parse_page(root / page).article_images


# --------------------------------------------------------------------------- the local server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    log: list[tuple[str, int]]

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        try:
            status = int(code)
        except (TypeError, ValueError):
            status = 0
        self.server.log.append((self.path, status))  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a page mid-download resets the connection: not an error of the book."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@dataclass
class BookServer:
    """A threaded HTTP server on 127.0.0.1 (free port) serving one folder."""

    root: Path
    log: list[tuple[str, int]] = field(default_factory=list)
    _statuses: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._httpd.log = self.log  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, page: str) -> str:
        return f"{self.origin}/{urllib.parse.quote(page)}"

    def is_local(self, url: str) -> bool:
        if url.startswith(LOCAL_SCHEMES):
            return True
        parts = urllib.parse.urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def relative(self, url: str) -> str:
        """The page path of a local URL, relative to the served folder (no fragment)."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        return posixpath.normpath(path)

    def status(self, url: str) -> int:
        """HTTP status of a local URL (fragment ignored), asked once per URL."""
        url = urllib.parse.urldefrag(url)[0]
        if url not in self._statuses:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
                    self._statuses[url] = int(response.status)
            except urllib.error.HTTPError as err:
                self._statuses[url] = int(err.code)
        return self._statuses[url]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --------------------------------------------------------------------------- the browser


def find_chromium() -> str | None:
    override = os.environ.get("LEVERAGE_CHROMIUM")
    candidates = (override,) if override else CHROMIUM_CANDIDATES
    for candidate in candidates:
        if candidate and (os.path.isabs(candidate) and os.access(candidate, os.X_OK)):
            return candidate
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


def no_browser_message() -> str:
    return f"Chromium was not found, so the browser tests cannot run: {INSTALL_HINT}"


def launch_chromium(playwright: Any, executable: str) -> Any:
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS, timeout=60_000
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------- pytest wiring


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``page`` over every page of the table of contents."""
    if "page" not in metafunc.fixturenames:
        return
    root = html_root()
    if not (root / "index.html").is_file():
        pages = ["<no built book>"]
    else:
        pages = toc_pages(root)
    metafunc.parametrize("page", pages, ids=pages)


@pytest.fixture(scope="session")
def book_root() -> Path:
    root = html_root()
    if not (root / "index.html").is_file():
        pytest.fail(missing_book_message(root), pytrace=False)
    return root


@pytest.fixture(scope="session")
def pages(book_root: Path) -> list[str]:
    return toc_pages(book_root)


@pytest.fixture(scope="session")
def server(book_root: Path):
    srv = BookServer(book_root)
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        if in_ci():
            pytest.fail(no_browser_message() + " (CI=true: a missing browser is a failure)", pytrace=False)
        pytest.skip(no_browser_message())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        message = "the playwright package is missing: run `make venv`"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, executable)
        yield chromium
        chromium.close()


@dataclass
class PageVisit:
    """What one load of a page showed: everything most tests need, from one page load."""

    page: str
    status: int | None
    data: dict  # from COLLECT_JS: title, mathjax, images, links, ids, terms, math
    requests: list[str]  # every URL the page asked for, including blocked non-local ones
    failed: list[str]  # failed requests and HTTP errors
    console_errors: list[str]  # console errors and uncaught exceptions
    axe_violations: list[dict]  # axe-core results, all impacts


COLLECT_JS = """
async () => {
  const imgs = [...document.images];
  for (const img of imgs) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done); setTimeout(done, 10000);
  })));
  let mathjax = 'absent';
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    mathjax = await Promise.race([MathJax.startup.promise.then(() => 'ready'),
                                  new Promise(done => setTimeout(() => done('timeout'), 15000))]);
  }
  const text = el => (el.textContent || '').replace(/[\\u00b6#]\\s*$/, '').replace(/\\s+/g, ' ').trim();
  return {
    title: document.title,
    mathjax,
    images: imgs.map(img => ({src: img.currentSrc || img.src, alt: img.getAttribute('alt'),
                              naturalWidth: img.naturalWidth, complete: img.complete})),
    links: [...document.querySelectorAll('a[href]')].map(a => ({
      href: a.href, raw: a.getAttribute('href'), text: text(a),
      term: !!a.querySelector('.std-term')})),
    ids: [...document.querySelectorAll('[id]')].map(el => el.id)
           .concat([...document.querySelectorAll('a[name]')].map(a => a.name)),
    terms: Object.fromEntries([...document.querySelectorAll('dl.glossary dt[id]')]
           .map(dt => [dt.id, text(dt)])),
    math: [...document.querySelectorAll('span.math, div.math')].map(el => ({
      rendered: !!el.querySelector('mjx-container'), error: !!el.querySelector('mjx-merror'),
      source: (el.getAttribute('data-source') || el.textContent || '').slice(0, 80)})),
  };
}
"""


def new_reader_context(browser: Any, server: BookServer, viewport: dict, **options: Any) -> Any:
    """A fresh browser profile (as a first-time reader has) that blocks and records non-local requests."""
    context = browser.new_context(viewport=viewport, service_workers="block", **options)
    blocked: list[str] = []

    def block(route: Any) -> None:
        blocked.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda url: not server.is_local(url), block)
    context.blocked = blocked  # type: ignore[attr-defined]
    return context


@pytest.fixture(scope="session")
def desktop(browser, server):
    """A desktop browser context shared by the tests that do not need a fresh profile."""
    context = new_reader_context(browser, server, DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="session")
def visit(browser, server, book_root):
    """``visit(page) -> PageVisit``: loads each page once (memoised), in a fresh profile, and
    records its requests, failures, console errors and axe-core violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    cache: dict[str, PageVisit | Exception] = {}

    def _visit(page: str) -> PageVisit:
        if page in cache:
            cached = cache[page]
            if isinstance(cached, Exception):  # a page that failed to load fails each test once, quickly
                raise cached
            return cached
        context = new_reader_context(browser, server, DESKTOP)
        tab = context.new_page()
        requests: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        tab.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
        tab.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
        tab.on("console", lambda m: errors.append(f"console {m.type}: {m.text} [{m.location.get('url', '')}]")
               if m.type == "error" else None)
        tab.on("pageerror", lambda exc: errors.append(f"uncaught exception: {exc}"))
        try:
            response = tab.goto(server.url(page), wait_until="load", timeout=30_000)
            data = tab.evaluate(COLLECT_JS)
            tab.wait_for_load_state("networkidle", timeout=10_000)
            # what the page itself did; axe-core's own fetches (it re-reads the stylesheets) are not the page's
            page_requests, page_failed, page_errors = list(requests), list(failed), list(errors)
            page_requests += [url for url in context.blocked if url not in page_requests]
            violations = axe.run(tab).response.get("violations", [])
            visited = PageVisit(page, response.status if response else None, data,
                                page_requests, page_failed, page_errors, violations)
        except Exception as err:
            cache[page] = err
            raise
        finally:
            context.close()
        cache[page] = visited
        return visited

    return _visit


def describe(items: list[str], limit: int = 15) -> str:
    shown = "\n  ".join(items[:limit])
    more = f"\n  ... and {len(items) - limit} more" if len(items) > limit else ""
    return f"\n  {shown}{more}"
