"""Pages generated from the code at build time.

``gigsim-reference``: the model reference, from :func:`gigsim.reference.reference_markdown`, which
reads every parameter dataclass's declared unit, default, range and source.
``gigsim-environment``: the versions of Python and the packages that built the book.
"""
from __future__ import annotations

from typing import Callable

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def markdown_directive(name: str, make_markdown: Callable[[], str]) -> type[SphinxDirective]:
    """A directive without content that renders the Markdown ``make_markdown()`` returns."""

    class GeneratedMarkdown(SphinxDirective):
        has_content = False

        def run(self) -> list[nodes.Node]:
            container = nodes.container(classes=[name])
            lines = StringList(make_markdown().splitlines(), source="gigsim.reference")
            self.state.nested_parse(lines, self.content_offset, container)
            return [container]

    GeneratedMarkdown.__name__ = name.title().replace("-", "")
    return GeneratedMarkdown


def setup(app: Sphinx) -> dict:
    from gigsim.reference import environment_markdown, reference_markdown

    app.add_directive("gigsim-reference", markdown_directive("gigsim-reference", reference_markdown))
    app.add_directive("gigsim-environment", markdown_directive("gigsim-environment", environment_markdown))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
