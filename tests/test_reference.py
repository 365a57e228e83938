"""The model reference is generated from the code and cites only real bibliography keys."""
import dataclasses
import re
from pathlib import Path

from gigsim.leverage import LinearWork
from gigsim.reference import (class_table, classes_named_in, parameter_classes, reference_markdown,
                              sources_used)
from gigsim.subcontract import SubcontractParams

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), flags=re.M))


def test_every_cited_source_is_in_the_bibliography():
    missing = sources_used() - bib_keys()
    assert not missing, f"parameters cite keys missing from book/references.bib: {sorted(missing)}"


def test_every_parameter_class_appears_with_every_field():
    text = reference_markdown()
    classes = parameter_classes()
    assert any(cls is LinearWork for _, cls in classes)
    for module_name, cls in classes:
        assert f"`{module_name}.{cls.__name__}`" in text
        for f in dataclasses.fields(cls):
            if "unit" in f.metadata:
                assert f"| `{f.name}` (" in text, f"{cls.__name__}.{f.name} is missing from the reference"


def test_unsourced_defaults_are_called_assumptions_and_sourced_ones_cite():
    rows = class_table(LinearWork).splitlines()[2:]
    by_name = {row.split("`")[1]: row for row in rows}
    assert "**assumption**" in by_name["rate_jpy_per_hour"]
    assert "{cite:t}`lancers_fees`" in by_name["fee_share"]
    assert "| 1,500 (a number from 0 to 100,000) |" in by_name["rate_jpy_per_hour"]


def test_environment_table_names_python_and_pinned_packages():
    import platform

    from gigsim.reference import environment_markdown
    text = environment_markdown()
    assert f"| Python | {platform.python_version()} |" in text
    assert "| numpy | " in text and "not installed" not in text


def test_each_class_is_a_section_and_keys_in_meanings_become_citations():
    text = reference_markdown(frozenset(bib_keys()))
    assert "## `LinearWork`\n\n`gigsim.leverage.LinearWork`: " in text
    row = next(r for r in class_table(SubcontractParams, frozenset(bib_keys())).splitlines()
               if r.startswith("| `client_arrivals_per_month`"))
    assert "{cite:t}`jilpt2018`" in row and "{cite:t}`cabinet2020freelance`" in row
    assert "{cite:t}" not in class_table(SubcontractParams).split("client_arrivals_per_month")[1].split("\n")[0]
    assert "(no unit)" in reference_markdown() and "| `content_type` (a choice) |" in reference_markdown()


def test_the_named_kinds_of_content_are_listed_and_usage_is_found():
    text = reference_markdown()
    assert "| `niche` | 6 | 24 | 0.015 | 0.985 |" in text
    used = classes_named_in({"../notebooks/a": "x = LinearWork()", "../notebooks/b": "LinearWorkers = 1\nSeminar()"})
    assert used["LinearWork"] == ["../notebooks/a"] and used["Seminar"] == ["../notebooks/b"]
    linked = reference_markdown(used_in=used)
    assert "Named in the code of {doc}`../notebooks/a`." in linked
