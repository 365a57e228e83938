"""Scenarios: every parameter of the engine in one typed object, loaded from YAML and checked.

A scenario has five sections (``subcontract``, ``content``, ``population``, ``monetise``,
``strategy``), each a frozen parameter dataclass declared with :func:`gigsim.params.param`.
A YAML file overrides any subset of them; everything else keeps its default. Every problem in a
file (unknown key, wrong type, value out of range, broken YAML) is reported, one line each,
naming the file, the dotted field, the allowed range and the value given. Presets live in the
repository's ``scenarios/`` folder and are found by name (``load_scenario("tokyo-beginner")``).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from .content import ContentParams
from .monetise import MonetiseParams
from .params import ParameterError, field_problem
from .population import PopulationParams
from .strategies import StrategyParams
from .subcontract import SubcontractParams

SECTIONS: dict[str, type] = {
    "subcontract": SubcontractParams,
    "content": ContentParams,
    "population": PopulationParams,
    "monetise": MonetiseParams,
    "strategy": StrategyParams,
}
DEFAULT_DESCRIPTION = "A beginner with savings for a few months, 40 hours a week, on a flat-fee platform"


class ScenarioError(ParameterError):
    """Problems with a scenario file: one line per problem, each starting with the file's name."""


@dataclass(frozen=True)
class Scenario:
    """All the parameters of one simulated world."""

    name: str = "default"
    description: str = DEFAULT_DESCRIPTION
    subcontract: SubcontractParams = field(default_factory=SubcontractParams)
    content: ContentParams = field(default_factory=ContentParams)
    population: PopulationParams = field(default_factory=PopulationParams)
    monetise: MonetiseParams = field(default_factory=MonetiseParams)
    strategy: StrategyParams = field(default_factory=StrategyParams)

    def to_dict(self) -> dict:
        """Plain nested dict (description and sections), as a YAML file would hold it."""
        out: dict[str, Any] = {"description": self.description}
        for sec in SECTIONS:
            out[sec] = dataclasses.asdict(getattr(self, sec))
        return out

    def with_values(self, changes: Mapping[str, Any], source: str = "changes") -> "Scenario":
        """A copy with dotted-path changes, e.g. ``{"strategy.hours_per_week": 30}``, checked like a file."""
        nested: dict[str, dict] = {}
        problems = []
        for key, value in changes.items():
            sec, _, name = key.partition(".")
            if not name:
                problems.append(f"{source}: {key}: must be a dotted path section.parameter")
                continue
            nested.setdefault(sec, {})[name] = value
        if problems:
            raise ScenarioError(problems)
        return _build(nested, source, base=self, name=self.name, require_description=False)


def default_scenario() -> Scenario:
    """The default world (the same as the ``default`` preset)."""
    return Scenario()


def presets_dir() -> Path:
    """The repository's ``scenarios/`` folder."""
    import gigsim
    return Path(gigsim.__file__).resolve().parents[2] / "scenarios"


def list_presets() -> list[tuple[str, str]]:
    """(name, one-line description) of every preset, sorted by name."""
    out = []
    for path in sorted(presets_dir().glob("*.yaml")):
        try:
            desc = load_scenario(path).description
        except ParameterError as err:
            desc = f"(invalid: {err.problems[0]})"
        out.append((path.stem, desc))
    return out


def resolve(name_or_path: str | Path) -> Path:
    """The file a SCENARIO argument names: an existing path, else a preset of that name."""
    p = Path(name_or_path)
    if p.is_file():
        return p
    text = str(name_or_path)
    looks_like_path = text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text
    preset = presets_dir() / f"{text}.yaml"
    if not looks_like_path and preset.is_file():
        return preset
    names = ", ".join(n for n, _ in _preset_names())
    if looks_like_path:
        raise ScenarioError([f"{text}: no such scenario file"])
    raise ScenarioError([f"{text}: unknown scenario: not a file and not a preset (presets: {names})"])


def _preset_names() -> list[tuple[str, Path]]:
    return [(p.stem, p) for p in sorted(presets_dir().glob("*.yaml"))]


def load_scenario(name_or_path: str | Path = "default") -> Scenario:
    """Load a preset by name (``"tokyo-beginner"``) or a YAML file by path; raise :class:`ScenarioError`
    listing every problem."""
    path = resolve(name_or_path)
    data = _read_yaml(path)
    return _build(data, str(path if Path(name_or_path).is_file() else name_or_path), base=Scenario(),
                  name=path.stem, require_description=False)


def validate_file(path: str | Path) -> list[str]:
    """Every problem with a scenario file, one line each (empty when it is valid)."""
    try:
        load_scenario(path)
    except ParameterError as err:
        return list(err.problems)
    return []


def scenario_from_mapping(data: Any, source: str = "<mapping>", name: str = "custom") -> Scenario:
    """Build a scenario from nested mappings like a YAML file's content."""
    return _build(data, source, base=Scenario(), name=name, require_description=False)


# --- reading and checking -----------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """YAML loader that also reads ``1e5`` (no dot) as a number, as people write it."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"""^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"""),
    list("-+0123456789"))


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ScenarioError([f"{path}: cannot read: {err.strerror or err}"]) from None
    except UnicodeDecodeError:
        raise ScenarioError([f"{path}: cannot read: not UTF-8 text"]) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ScenarioError([f"{path}{line}: invalid YAML: {problem}"]) from None


def _coerce(value: Any, f: dataclasses.Field) -> Any:
    if f.metadata.get("choices"):
        return value
    if f.metadata.get("integer"):
        return int(value)
    return float(value)


def _build(data: Any, source: str, *, base: Scenario, name: str, require_description: bool) -> Scenario:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ScenarioError([f"{source}: must be a mapping of sections ({', '.join(SECTIONS)}), "
                             f"got {type(data).__name__}"])
    problems: list[str] = []
    allowed_top = ("description", *SECTIONS)
    for key in data:
        if key not in allowed_top:
            problems.append(f"{source}: {key}: unknown section (allowed: {', '.join(allowed_top)})")
    description = data.get("description", base.description)
    if "description" not in data and require_description:
        problems.append(f"{source}: description: missing (a one-line text is required)")
    if not isinstance(description, str) or "\n" in description.strip() or not description.strip():
        problems.append(f"{source}: description: must be a one-line text, got {description!r}")
    sections: dict[str, Any] = {}
    for sec, cls in SECTIONS.items():
        current = getattr(base, sec)
        given = data.get(sec)
        if given is None:
            sections[sec] = current
            continue
        if not isinstance(given, Mapping):
            problems.append(f"{source}: {sec}: must be a mapping of parameters, got {given!r}")
            continue
        fields = {f.name: f for f in dataclasses.fields(cls) if "unit" in f.metadata}
        values, ok = {}, True
        for key, value in given.items():
            dotted = f"{sec}.{key}"
            if key not in fields:
                problems.append(f"{source}: {dotted}: unknown parameter (allowed: {', '.join(fields)})")
                ok = False
                continue
            problem = field_problem(dotted, fields[key].metadata, value)
            if problem:
                problems.append(f"{source}: {problem}")
                ok = False
                continue
            values[key] = _coerce(value, fields[key])
        if ok:
            try:
                sections[sec] = dataclasses.replace(current, **values)
            except ParameterError as err:
                problems.extend(f"{source}: {sec}.{p}" for p in err.problems)
    if problems:
        raise ScenarioError(problems)
    return Scenario(name=name, description=description.strip(), **sections)
