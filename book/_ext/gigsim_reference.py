"""Pages generated from the code at build time.

``gigsim-reference``: the model reference, from :func:`gigsim.reference.reference_markdown`, which
reads every parameter dataclass's declared unit, default, range and source.
``gigsim-environment``: the versions of Python and the packages that built the book.
"""
from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class GigsimReference(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from gigsim.reference import reference_markdown

        container = nodes.container(classes=["gigsim-reference"])
        lines = reference_markdown().splitlines()
        self.state.nested_parse(StringList(lines, source="gigsim.reference"), self.content_offset, container)
        return [container]


class GigsimEnvironment(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from gigsim.reference import environment_markdown

        container = nodes.container(classes=["gigsim-environment"])
        lines = environment_markdown().splitlines()
        self.state.nested_parse(StringList(lines, source="gigsim.reference"), self.content_offset, container)
        return [container]


def setup(app: Sphinx) -> dict:
    app.add_directive("gigsim-reference", GigsimReference)
    app.add_directive("gigsim-environment", GigsimEnvironment)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
