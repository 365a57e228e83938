"""The model reference, generated from the parameter definitions themselves.

Every parameter dataclass declares its fields with :func:`gigsim.params.param`, so
its unit, default, allowed range and source are in the code. This module collects
them into Markdown tables for the book's model-reference appendix; the book renders
whatever the code says, so the reference cannot drift from the models.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re

import gigsim
from gigsim.params import describe, readable_number

# modules that hold no model parameters (and may be slow or have side effects to import)
SKIPPED_MODULES = {"cli", "bench", "classroom", "plots", "reference", "params"}


def parameter_classes() -> list[tuple[str, type]]:
    """(module name, class) for every parameter dataclass in gigsim, in module order."""
    found = []
    for info in sorted(pkgutil.iter_modules(gigsim.__path__), key=lambda m: m.name):
        if info.name in SKIPPED_MODULES or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"gigsim.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not dataclasses.is_dataclass(cls):
                continue
            if any("unit" in f.metadata for f in dataclasses.fields(cls)):
                found.append((module.__name__, cls))
    return found


def format_default(value) -> str:
    """A default as a reader would write it."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == float("inf"):
            return "∞"
        return readable_number(value) if value.is_integer() else f"{value:.6g}"
    return f"`{value}`"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


#: How the reference shows units that are not units to a reader.
UNIT_WORDS = {"1": "no unit", "name": "a choice"}


def _with_citations(text: str, cite_keys: frozenset[str]) -> str:
    """Bibliography keys named in a parameter's meaning (``as in jilpt2018``) become citations."""
    if not cite_keys:
        return text
    pattern = r"\b(" + "|".join(re.escape(k) for k in sorted(cite_keys, key=len, reverse=True)) + r")\b"
    return re.sub(pattern, lambda m: f"{{cite:t}}`{m.group(1)}`", text)


def class_table(cls: type, cite_keys: frozenset[str] = frozenset()) -> str:
    """One Markdown table: parameter and unit, meaning, default and allowed range, source.

    ``cite_keys``: the bibliography's keys; where a meaning names one, it is rendered as a citation."""
    lines = ["| parameter (unit) | meaning | default (allowed) | source |",
             "| --- | --- | --- | --- |"]
    for row in describe(cls):
        source = f"{{cite:t}}`{row['source']}`" if row["source"] else "**assumption**"
        unit = UNIT_WORDS.get(row["unit"], row["unit"])
        lines.append("| " + " | ".join([
            f"`{row['name']}` ({_cell(unit)})",
            _with_citations(_cell(row["doc"]), cite_keys),
            f"{format_default(row['default'])} ({_cell(row['allowed'])})",
            source]) + " |")
    return "\n".join(lines)


#: Named instances shown under their class: ``{class name: (module attribute holding them, caption)}``.
NAMED_INSTANCES = {"ContentType": ("CONTENT_TYPES", "The four kinds of content the chapters use (all assumptions):")}


def named_instances_table(module, cls: type) -> str:
    """A table of the named instances of ``cls`` kept in its module (empty when there are none)."""
    attribute, caption = NAMED_INSTANCES.get(cls.__name__, (None, None))
    instances = getattr(module, attribute, None) if attribute else None
    if not instances:
        return ""
    names = [f.name for f in dataclasses.fields(cls) if "unit" in f.metadata and f.name != "name"]
    lines = [caption, "", "| name | " + " | ".join(f"`{n}`" for n in names) + " |",
             "| --- |" + " --- |" * len(names)]
    for key, value in instances.items():
        lines.append(f"| `{key}` | " + " | ".join(format_default(getattr(value, n)) for n in names) + " |")
    return "\n".join(lines)


def reference_markdown(cite_keys: frozenset[str] = frozenset(),
                       used_in: dict[str, list[str]] | None = None) -> str:
    """The whole reference: one section per parameter class, with its table.

    ``cite_keys`` (the bibliography's keys) turns keys named in a meaning into citations;
    ``used_in`` maps a class name to the documents (Sphinx doc paths) whose code names it."""
    parts = []
    for module_name, cls in parameter_classes():
        doc = inspect.getdoc(cls) or ""
        summary = doc.split("\n\n")[0].replace("\n", " ")
        docs = (used_in or {}).get(cls.__name__)
        where = (" Named in the code of " + ", ".join(f"{{doc}}`{d}`" for d in docs) + ".") if docs else ""
        extra = named_instances_table(importlib.import_module(module_name), cls)
        parts.append(f"## `{cls.__name__}`\n\n`{module_name}.{cls.__name__}`: {summary}{where}\n\n"
                     f"{class_table(cls, cite_keys)}\n"
                     + (f"\n{extra}\n" if extra else ""))
    return "\n".join(parts)


def classes_named_in(notebooks: dict[str, str]) -> dict[str, list[str]]:
    """For each parameter class, the documents whose code mentions its name (``notebooks``: doc path ->
    the code of that notebook), in the order given."""
    names = [cls.__name__ for _, cls in parameter_classes()]
    out: dict[str, list[str]] = {}
    for docname, code in notebooks.items():
        for name in names:
            if re.search(rf"\b{re.escape(name)}\b", code):
                out.setdefault(name, []).append(docname)
    return out


def sources_used() -> set[str]:
    """Every bibliography key cited by a parameter default."""
    return {row["source"] for _, cls in parameter_classes() for row in describe(cls) if row["source"]}


#: Packages whose versions the execution-status page reports.
ENVIRONMENT_PACKAGES = ("gigsim", "numpy", "matplotlib", "PyYAML", "jupyter-book", "myst-nb", "Sphinx",
                        "sphinx-exercise", "sphinxcontrib-bibtex", "nbval", "pytest", "ipykernel")


def environment_markdown() -> str:
    """A table of the Python and package versions in use (for the execution-status page)."""
    import importlib.metadata
    import platform

    lines = ["| component | version |", "| --- | --- |", f"| Python | {platform.python_version()} |"]
    for name in ENVIRONMENT_PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        lines.append(f"| {name} | {version} |")
    return "\n".join(lines)
