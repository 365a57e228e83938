"""Pages generated from the code at build time.

``gigsim-reference``: the model reference, from :func:`gigsim.reference.reference_markdown`, which
reads every parameter dataclass's declared unit, default, range and source.
``gigsim-environment``: the versions of Python and the packages that built the book.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


def markdown_directive(name: str, make_markdown: Callable[[], str], titles: bool = False) -> type[SphinxDirective]:
    """A directive without content that renders the Markdown ``make_markdown()`` returns.

    With ``titles``, its headings become sections of the page (with anchors and an "on this page" entry)."""

    class GeneratedMarkdown(SphinxDirective):
        has_content = False

        def run(self) -> list[nodes.Node]:
            lines = StringList(make_markdown().splitlines(), source="gigsim.reference")
            if titles:
                holder = nodes.Element()
                nested_parse_with_titles(self.state, lines, holder, self.content_offset)
                return list(holder.children)
            container = nodes.container(classes=[name])
            self.state.nested_parse(lines, self.content_offset, container)
            return [container]

    GeneratedMarkdown.__name__ = name.title().replace("-", "")
    return GeneratedMarkdown


def bibliography_keys(app: Sphinx) -> frozenset[str]:
    """The keys of the book's .bib files (so that a parameter's meaning can cite them)."""
    keys = set()
    for name in app.config.bibtex_bibfiles:
        text = (Path(app.srcdir) / name).read_text(encoding="utf-8")
        keys.update(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))
    return frozenset(keys)


def chapter_code(app: Sphinx) -> dict[str, str]:
    """The code cells of every chapter notebook, by the path a {doc} role in book/ gives it."""
    import json
    out = {}
    for path in sorted((Path(app.srcdir) / "notebooks").glob("ch*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out[f"../notebooks/{path.stem}"] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return out


def setup(app: Sphinx) -> dict:
    from gigsim.reference import classes_named_in, environment_markdown, reference_markdown

    def reference():
        return reference_markdown(bibliography_keys(app), classes_named_in(chapter_code(app)))

    app.add_directive("gigsim-reference", markdown_directive("gigsim-reference", reference, titles=True))
    app.add_directive("gigsim-environment", markdown_directive("gigsim-environment", environment_markdown))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
