"""The bibliography's style: labels that match the in-text author-year citations, sorted by author.

sphinxcontrib-bibtex cites in the text as "Bärtl, 2018" (``bibtex_reference_style: author_year``), but
pybtex's ``plain`` style labels the list [1], [2], ... and sorts organisations written in braces
(``{YouTube}``) after every person. This style keeps ``plain``'s formatting and changes only the label
("Bärtl, 2018", "McGrady et al., 2023") and the sort key (author, year, title, braces ignored).
Use it with ``bibtex_default_style: leverage``.
"""
from __future__ import annotations

import unicodedata

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle


def _bare(text: str) -> str:
    """Text without BibTeX's protecting braces."""
    return text.replace("{", "").replace("}", "").strip()


def _surnames(entry) -> list[str]:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    return [_bare(" ".join(p.prelast_names + p.last_names)) for p in persons]


def author_label(entry) -> str:
    """"Bärtl", "Crane and Sornette", "McGrady et al." (the entry's key when it has no author)."""
    names = _surnames(entry)
    if not names:
        return entry.key
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield f"{author_label(entry)}, {_bare(entry.fields.get('year', 'n.d.'))}"


def _fold(text: str) -> str:
    """A sort key that ignores case and accents ("Bärtl" sorts as "bartl")."""
    decomposed = unicodedata.normalize("NFKD", _bare(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class AuthorYearTitleSorting(BaseSortingStyle):
    def sorting_key(self, entry):
        return (_fold(" ".join(_surnames(entry))), _bare(entry.fields.get("year", "")),
                _fold(entry.fields.get("title", "")))


class LeverageStyle(PlainStyle):
    default_label_style = "leverage_author_year"
    default_sorting_style = "leverage_author_year_title"


def setup(app) -> dict:
    register_plugin("pybtex.style.labels", "leverage_author_year", AuthorYearLabels)
    register_plugin("pybtex.style.sorting", "leverage_author_year_title", AuthorYearTitleSorting)
    register_plugin("pybtex.style.formatting", "leverage", LeverageStyle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
