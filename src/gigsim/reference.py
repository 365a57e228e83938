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


def class_table(cls: type) -> str:
    """One Markdown table: parameter and unit, meaning, default and allowed range, source."""
    lines = ["| parameter (unit) | meaning | default (allowed) | source |",
             "| --- | --- | --- | --- |"]
    for row in describe(cls):
        source = f"{{cite:t}}`{row['source']}`" if row["source"] else "**assumption**"
        lines.append("| " + " | ".join([
            f"`{row['name']}` ({_cell(row['unit'])})",
            _cell(row["doc"]),
            f"{format_default(row['default'])} ({_cell(row['allowed'])})",
            source]) + " |")
    return "\n".join(lines)


def reference_markdown() -> str:
    """The whole reference: one titled table per parameter class."""
    parts = []
    for module_name, cls in parameter_classes():
        doc = inspect.getdoc(cls) or ""
        summary = doc.split("\n\n")[0].replace("\n", " ")
        parts.append(f"**`{module_name}.{cls.__name__}`** — {summary}\n\n{class_table(cls)}\n")
    return "\n".join(parts)


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
