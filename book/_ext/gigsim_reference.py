"""A ``gigsim-reference`` directive: the model reference, generated from gigsim's code.

The tables come from :func:`gigsim.reference.reference_markdown`, which reads every
parameter dataclass's declared unit, default, range and source at build time.
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


def setup(app: Sphinx) -> dict:
    app.add_directive("gigsim-reference", GigsimReference)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
