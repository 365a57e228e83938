import dataclasses
import os

import pytest

from gigsim.params import ParameterError
from gigsim.scenario import (SECTIONS, Scenario, ScenarioError, default_scenario, list_presets, load_scenario,
                             presets_dir, validate_file)

PRESETS = {"default", "tokyo-beginner", "niche-blogger", "youtube-hobbyist", "skilled-designer"}


def write(tmp_path, text, name="s.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems(path):
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return err.value.problems


def test_presets_exist_load_and_have_one_line_descriptions():
    assert presets_dir().name == "scenarios"
    presets = dict(list_presets())
    assert PRESETS <= set(presets)
    for name in PRESETS:
        sc = load_scenario(name)
        assert sc.name == name
        assert sc.description and "\n" not in sc.description and not sc.description.startswith("(invalid")
    assert load_scenario("tokyo-beginner").subcontract.platform == "crowdworks"
    assert load_scenario("niche-blogger").content.content_type == "niche"


def test_default_preset_is_the_code_default():
    assert load_scenario("default") == default_scenario()
    assert default_scenario() == Scenario()


def test_partial_override_keeps_other_defaults_and_types(tmp_path):
    p = write(tmp_path, "description: mine\nstrategy:\n  hours_per_week: 20\npopulation:\n  creators: 500\n"
                        "subcontract:\n  experience_scale_hours: 1e4\n")
    sc = load_scenario(str(p))
    assert sc.strategy.hours_per_week == 20.0 and isinstance(sc.strategy.hours_per_week, float)
    assert sc.population.creators == 500 and isinstance(sc.population.creators, int)
    assert sc.subcontract.experience_scale_hours == 10_000.0        # 1e4 is a number, not text
    assert sc.strategy.living_cost_jpy_per_month == default_scenario().strategy.living_cost_jpy_per_month
    assert sc.name == "s"


def test_unknown_keys(tmp_path):
    p = write(tmp_path, "strategy:\n  hours_per_wek: 20\nmarketing:\n  x: 1\n")
    lines = problems(p)
    assert any(line.startswith(f"{p}: strategy.hours_per_wek: unknown parameter (allowed: hours_per_week")
               for line in lines)
    assert any(line.startswith(f"{p}: marketing: unknown section (allowed: description, subcontract")
               for line in lines)


def test_wrong_types(tmp_path):
    p = write(tmp_path, "content:\n  hours_per_piece: eight\n  content_type: 3\npopulation:\n  creators: true\n"
                        "monetise: [1, 2]\n")
    lines = problems(p)
    assert f"{p}: content.hours_per_piece: must be a number from 0.1 to 1,000, got 'eight'" in lines or \
        f"{p}: content.hours_per_piece: must be a number from 0.1 to 1000, got 'eight'" in lines
    assert any("content.content_type: must be one of 'useful', 'entertaining', 'novel', 'niche', 'custom', got 3" in x
               for x in lines)
    assert any("population.creators: must be a whole number" in x and x.endswith("got True") for x in lines)
    assert f"{p}: monetise: must be a mapping of parameters, got [1, 2]" in lines
    assert len(lines) == 4


def test_out_of_range_values_name_field_range_and_value(tmp_path):
    p = write(tmp_path, "strategy:\n  hours_per_week: 200\n  hybrid_final_content_share: -0.5\n")
    lines = problems(p)
    assert len(lines) == 2
    assert lines[0].startswith(f"{p}: strategy.hours_per_week: must be a number from 0 to 100")
    assert lines[0].endswith("got 200")
    assert lines[1].startswith(f"{p}: strategy.hybrid_final_content_share: must be a number from 0 to 1")
    assert lines[1].endswith("got -0.5")


def test_cross_field_check(tmp_path):
    p = write(tmp_path, "subcontract:\n  start_rate_jpy_per_hour: 4000\n  rate_ceiling_jpy_per_hour: 2000\n")
    (line,) = problems(p)
    assert line.startswith(f"{p}: subcontract.rate_ceiling_jpy_per_hour: must be at least start_rate_jpy_per_hour")


def test_a_scenario_with_its_own_kind_of_content(tmp_path):
    own = write(tmp_path, "description: short-lived how-tos\ncontent:\n  content_type: custom\n"
                          "  custom_half_life_months: 4\n  custom_conversion_followers_per_view: 0.01\n")
    kind = load_scenario(own).content.kind
    assert (kind.name, kind.half_life_months, kind.conversion_followers_per_view) == ("custom", 4, 0.01)
    forgot = write(tmp_path, "content:\n  custom_half_life_months: 4\n", "forgot.yaml")
    (line,) = problems(forgot)
    assert line == (f"{forgot}: content.custom_half_life_months: is used only when content_type is 'custom', "
                    "got 4.0 with content_type 'useful'")


def test_broken_yaml_gives_file_and_line(tmp_path):
    p = write(tmp_path, "description: ok\nstrategy:\n  hours_per_week: [20\n  living: 3\n")
    (line,) = problems(p)
    assert line.startswith(f"{p}:") and "invalid YAML" in line
    assert int(line[len(str(p)) + 1:].split(":")[0]) >= 3


def test_top_level_must_be_a_mapping_and_description_one_line(tmp_path):
    assert problems(write(tmp_path, "- 1\n- 2\n"))[0].endswith("got list")
    (line,) = problems(write(tmp_path, "description: [a, b]\n"))
    assert "description: must be a one-line text" in line


def test_unknown_preset_and_missing_file():
    (line,) = problems("no-such-preset")
    assert "unknown scenario" in line and "tokyo-beginner" in line
    (line,) = problems("missing/file.yaml")
    assert "no such scenario file" in line


def test_validate_file_never_alters_the_file(tmp_path):
    text = "strategy:\n  hours_per_week: 500   # too many\n"
    p = write(tmp_path, text)
    before = os.stat(p).st_mtime_ns
    assert len(validate_file(p)) == 1
    assert p.read_text(encoding="utf-8") == text and os.stat(p).st_mtime_ns == before
    assert validate_file(presets_dir() / "default.yaml") == []


def test_with_values_and_sections():
    sc = default_scenario().with_values({"monetise.rpm_jpy": 500, "strategy.hybrid_switch_month": 6})
    assert sc.monetise.rpm_jpy == 500.0 and sc.strategy.hybrid_switch_month == 6
    with pytest.raises(ParameterError, match="monetise.rpm_jpy: must be"):
        default_scenario().with_values({"monetise.rpm_jpy": -1})
    assert set(default_scenario().to_dict()) == {"description", *SECTIONS}
    assert dataclasses.is_dataclass(sc.subcontract)
