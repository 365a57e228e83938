"""The calibration table: computed from the code, checked against bands that can fail."""
import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from gigsim.calibration import (TOPICS, CalibrationRow, CalibrationSettings, Check, about_band, assumption_rows,
                                assumptions_markdown, calibration_markdown, calibration_rows, fee_table_markdown,
                                freelancer_summary, not_compared, not_compared_markdown, range_band,
                                share_of_views_above, sourced_parameters, summary, top3_share_by_year)
from gigsim.content import ViewsPerPiece, long_tail_views, share_below
from gigsim.params import ParameterError
from gigsim.scenario import default_scenario
from gigsim.subcontract import FEE_SCHEDULES

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"


@pytest.fixture(scope="module")
def rows():
    return calibration_rows()


def by_figure(rows, start):
    found = [r for r in rows if r.figure.startswith(start)]
    assert len(found) == 1, f"expected one row starting {start!r}, found {len(found)}"
    return found[0]


def bib_keys():
    return set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), flags=re.M))


# --- the bands --------------------------------------------------------------------------------

def test_check_is_inclusive_and_fails_outside():
    assert Check(0.8, 0.8, 0.9).passes and Check(0.9, 0.8, 0.9).passes
    assert not Check(0.7999, 0.8, 0.9).passes and not Check(0.9001, 0.8, 0.9).passes
    assert Check(0.165, 0.165, 0.165).passes and not Check(0.166, 0.165, 0.165).passes
    assert Check(0.1 + 0.2, 0.3, 0.3).passes            # rounding noise is not a mismatch


def test_at_edge_only_for_passing_values_in_the_outer_tenth():
    assert Check(0.80, 0.80, 0.90).at_edge and Check(0.895, 0.80, 0.90).at_edge
    assert not Check(0.85, 0.80, 0.90).at_edge
    assert not Check(0.79, 0.80, 0.90).at_edge          # a failure is not "at the edge"
    assert not Check(0.5, 0.5, 0.5).at_edge             # exact rules have no edge


def test_about_band_uses_points_for_large_shares_and_relative_for_small_ones():
    s = CalibrationSettings()
    assert about_band(0.85, s) == pytest.approx((0.80, 0.90))
    assert about_band(0.04, s) == pytest.approx((0.03, 0.05))          # 25% of 4 points is 1 point
    assert about_band(100.0, s, share=False) == pytest.approx((75.0, 125.0))
    assert range_band(0.63, 0.64, s) == pytest.approx((0.58, 0.69))


def test_settings_reject_bad_values_with_one_line_each():
    with pytest.raises(ParameterError, match=r"jpy_per_usd: must be a number from 1 to 1,000, got 0"):
        CalibrationSettings(jpy_per_usd=0)
    with pytest.raises(ParameterError, match=r"runs: must be a whole number"):
        CalibrationSettings(runs=2.5)


def test_rows_reject_unknown_role_topic_and_confidence():
    with pytest.raises(ValueError, match="role"):
        CalibrationRow("audiences", "x", "bartl2018", "High", "guess", "", "", (), "")
    with pytest.raises(ValueError, match="topic"):
        CalibrationRow("weather", "x", "bartl2018", "High", "input", "", "", (), "")
    with pytest.raises(ValueError, match="confidence"):
        CalibrationRow("audiences", "x", "bartl2018", "Sure", "input", "", "", (), "")


# --- the rows, under the default settings ----------------------------------------------------------

def test_inputs_and_targets_are_within_their_bands(rows):
    # inputs are the published figure itself, targets were fitted to it: both must hold
    failing = [r.figure for r in rows if r.role in ("input", "target") and r.within is not True]
    assert not failing, f"defaults no longer match their sources: {failing}"


def test_the_named_calibration_targets_are_present_and_pass(rows):
    top3 = by_figure(rows, "The top 3% of YouTube channels")
    assert top3.role == "target" and top3.source == "bartl2018" and top3.within
    assert 0.80 <= top3.checks[0].value <= 0.90
    assert by_figure(rows, "28.3% of Japanese freelancers").within
    assert by_figure(rows, "Commonest annual income").within
    for start in ("About 65%", "About 87%"):
        assert by_figure(rows, start).within


def test_every_row_cites_a_real_key_with_a_known_confidence(rows):
    keys = bib_keys()
    assert {r.source for r in rows} <= keys
    assert {key for _, key, _, _ in not_compared()} <= keys
    assert {r.topic for r in rows} == set(TOPICS)


def test_confidence_levels_are_those_of_the_calibration_notes(rows):
    # spot checks against the levels written in the course's calibration notes
    levels = {r.source: r.confidence for r in rows}
    assert levels["bartl2018"] in ("High", "Med")
    assert levels["youtube_rpm"] == "Low" and levels["mooc_completion"] == "Low"
    assert levels["cabinet2020freelance"] == "Med–High"
    assert levels["mailchimp2019"] == "High" and levels["jilpt2018"] == "Med"


def test_every_sourced_default_and_fee_schedule_appears_in_a_row(rows):
    used = {p for r in rows for p in r.parameters}
    missing = [name for name, _ in sourced_parameters() if name not in used]
    assert not missing, f"sourced defaults missing from the calibration table: {missing}"
    for name, sched in FEE_SCHEDULES.items():
        if sched.source:
            assert f"subcontract.FEE_SCHEDULES[{name}]" in used


def test_named_parameters_exist_and_their_defaults_are_shown(rows):
    import importlib
    for r in rows:
        for dotted in r.parameters:
            if "FEE_SCHEDULES" in dotted:
                assert dotted.split("[")[1].rstrip("]") in FEE_SCHEDULES
                continue
            module, cls_name, field = dotted.rsplit(".", 2)
            cls = getattr(importlib.import_module(f"gigsim.{module}"), cls_name)
            assert field in {f.name for f in dataclasses.fields(cls)}, dotted
    ypp = by_figure(rows, "YouTube Partner Program entry")
    assert "1,000" in ypp.model and ypp.parameters == ("monetise.MonetiseParams.ypp_min_followers",)


def test_rows_are_deterministic_for_a_seed_and_change_with_it(rows):
    again = calibration_rows()
    assert [(r.simulated, r.verdict) for r in again] == [(r.simulated, r.verdict) for r in rows]
    other = calibration_rows(seed=7)
    assert [r.simulated for r in other] != [r.simulated for r in rows]


# --- the verdict follows the model -------------------------------------------------------------------

def test_without_cumulative_advantage_the_top3_row_fails():
    sc = default_scenario()
    flat = dataclasses.replace(sc, population=dataclasses.replace(sc.population, advantage_exponent=0.0,
                                                                    creators=3000))
    row = by_figure(calibration_rows(CalibrationSettings(runs=2, workers=200), scenario=flat),
                    "The top 3% of YouTube channels")
    assert row.within is False and "**no**" in calibration_markdown([row])


def test_exchange_rate_moves_the_dollar_rows():
    rows_110 = calibration_rows(CalibrationSettings(jpy_per_usd=110, runs=1, workers=200))
    kelly = by_figure(rows_110, "About $100 of profit")
    assert kelly.within is False and "$136" in kelly.model       # 15,000 yen is 136 dollars at 110 yen
    rows_75 = calibration_rows(CalibrationSettings(jpy_per_usd=75, runs=1, workers=200))
    assert by_figure(rows_75, "Median rate of skilled US freelancers").within is True


def test_a_changed_fee_schedule_is_caught(rows, monkeypatch):
    import gigsim.calibration as cal
    from gigsim.subcontract import FeeSchedule
    changed = dict(FEE_SCHEDULES, lancers=FeeSchedule.flat("lancers", 0.20, source="lancers_fees"))
    monkeypatch.setattr(cal, "FEE_SCHEDULES", changed)
    row = by_figure(cal.calibration_rows(CalibrationSettings(runs=1, workers=200)), "Lancers keeps")
    assert row.within is False


# --- the pieces behind the rows ------------------------------------------------------------------------

def test_top3_shares_have_one_row_per_run_and_rise_over_the_decade():
    shares = top3_share_by_year(runs=3)
    assert shares.shape == (3, 10)
    assert np.all((shares > 0) & (shares <= 1))
    assert np.all(shares[:, -1] > shares[:, 0])
    with pytest.raises(ValueError, match="runs: must be at least 1, got 0"):
        top3_share_by_year(runs=0)


def test_freelancer_summary_single_share_matches_the_result_property():
    from gigsim.clients import simulate_schedule
    sc = default_scenario()
    summ = freelancer_summary(sc, 400, seed=3)
    res = simulate_schedule(sc.subcontract, np.full(60, 40.0), 400, np.random.default_rng(3))
    assert summ.single_client_share == pytest.approx(res.single_client_share)
    assert 0 < summ.single_client_share + summ.few_clients_share <= 1
    assert summ.median_income_year3_jpy == pytest.approx(np.median(res.income_jpy[:, 24:36].sum(axis=1)))
    with pytest.raises(ValueError, match="workers: must be at least 1"):
        freelancer_summary(sc, 0)


@given(st.floats(0.5, 4.0), st.floats(1.0, 1e5))
def test_share_of_views_above_falls_with_the_threshold(sigma, views):
    spec = ViewsPerPiece(median_views=30.0, sigma=sigma)
    a, b = share_of_views_above(spec, views), share_of_views_above(spec, views * 2)
    assert 0.0 <= b <= a <= 1.0
    # the views above a threshold are a larger share than the pieces above it
    assert a >= 1.0 - share_below(spec, views) - 1e-12


def test_share_of_views_above_agrees_with_a_large_sample():
    spec = ViewsPerPiece(median_views=30.0, sigma=1.0)
    sample = long_tail_views(np.random.default_rng(0), 2_000_000, spec)
    for v in (10.0, 100.0, 300.0):
        assert share_of_views_above(spec, v) == pytest.approx(sample[sample > v].sum() / sample.sum(), abs=0.005)
    assert share_of_views_above(spec, 0) == 1.0
    assert share_of_views_above(ViewsPerPiece(30.0, 0.0), 10.0) == 1.0
    assert share_of_views_above(ViewsPerPiece(30.0, 0.0), 100.0) == 0.0


# --- Markdown ------------------------------------------------------------------------------------------

def test_markdown_has_one_line_per_row_with_its_verdict_and_citation(rows):
    for topic in TOPICS:
        mine = [r for r in rows if r.topic == topic]
        lines = calibration_markdown(rows, topic).splitlines()
        assert len(lines) == 2 + len(mine)
        for line, r in zip(lines[2:], mine):
            assert f"{{cite:p}}`{r.source}` ({r.confidence})" in line
            assert line.rstrip(" |").endswith(")") if r.within is not None else line.endswith("| — |")
            assert (f"**{r.verdict}**" in line) == (r.within is not None)
            assert line.count(" | ") == 4
    with pytest.raises(ValueError, match="topic: must be one of"):
        calibration_markdown(rows, "weather")


def test_dollar_signs_are_escaped_so_myst_does_not_read_them_as_maths(rows):
    text = calibration_markdown(rows) + "\n" + not_compared_markdown()
    assert "\\$100" in text and "\\$28" in text
    assert re.search(r"(?<!\\)\$", text) is None        # every dollar sign is escaped


def test_summary_counts_every_row_once(rows):
    counts = summary(rows)
    assert sum(n for by_verdict in counts.values() for n in by_verdict.values()) == len(rows)
    assert counts["input"]["no"] == 0 and counts["target"]["no"] == 0


def test_assumptions_are_exactly_the_unsourced_defaults():
    from gigsim.params import describe
    from gigsim.reference import parameter_classes
    expected = {(cls.__name__, row["name"]) for _, cls in parameter_classes() for row in describe(cls)
                if row["source"] is None}
    got = {(row["cls"], row["name"]) for row in assumption_rows()}
    assert got == expected
    assert ("PopulationParams", "luck_sigma") in got and ("PopulationParams", "skill_sigma") not in got
    assert ("CalibrationSettings", "jpy_per_usd") in got
    text = assumptions_markdown()
    for cls_name, name in expected:
        assert f"`{name}` = " in text


def test_fee_table_and_not_compared_list():
    table = fee_table_markdown((50_000, 150_000)).splitlines()
    assert len(table) == 2 + len(FEE_SCHEDULES)
    crowdworks = next(line for line in table if line.startswith("| crowdworks"))
    assert "| 20.0% | 16.7% |" in crowdworks                   # 25,000 of 150,000
    assert "**assumption**" in next(line for line in table if line.startswith("| direct"))
    bullets = not_compared_markdown().splitlines()
    assert len(bullets) == len(not_compared()) and all(b.startswith("- ") for b in bullets)
    assert any("adsense2010" in b and "0.55" in b for b in bullets)
